package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.engine.internal.EventRecorder.Type;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The generic reconciler of a CRD entry: renders the CR's desired children, applies (server-side apply, field manager
 * {@code orkestra}) only those that differ from the informer cache, deletes children no longer declared, runs
 * {@code onDelete} under the finalizer, and writes status only when it changed. A no-op reconcile makes no write.
 */
final class DeclarativeReconciler implements KeyReconciler {

    static final String FINALIZER = "orkestra.orkspace.io/finalizer";

    private final CrdEntry crd;
    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final Function<String, GenericKubernetesResource> crCache;
    private final ChildCache children;
    private final ChildRenderer renderer;
    private final StatusWriter status;
    private final EventRecorder events;
    private final String fieldManager;
    private final CrdHooks hooks;
    /** The entry's mutation and validation rules, run at reconcile time too. */
    private final ReconcileAdmission admission;
    /** Told of each desired child: its kind, and whether it was written (false: the cache showed it as desired). */
    private final java.util.function.BiConsumer<String, Boolean> applies;
    /** Our last write per child, until the informer cache has caught up with it. */
    private final Cache<String, Applied> recentlyApplied = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();

    /** The resourceVersion a child had before our apply, and what the apply returned. */
    private record Applied(String before, GenericKubernetesResource after) {
    }

    DeclarativeReconciler(CrdEntry crd, KubernetesClient client, ResourceDefinitionContext context,
                          Function<String, GenericKubernetesResource> crCache, ChildCache children, ChildRenderer renderer,
                          EventRecorder events, String fieldManager, CrdHooks hooks,
                          java.util.function.BiConsumer<String, Boolean> applies) {
        this.crd = crd;
        this.client = client;
        this.context = context;
        this.crCache = crCache;
        this.children = children;
        this.renderer = renderer;
        this.status = new StatusWriter(client, context, crd.ignoreStatusPatch());
        this.events = events;
        this.fieldManager = fieldManager;
        this.hooks = hooks;
        this.admission = ReconcileAdmission.of(crd, client, context);
        this.applies = applies;
    }

    @Override
    public Result reconcile(String key) throws Exception {
        GenericKubernetesResource cr = crCache.apply(key);
        if (cr == null) {
            return Result.DONE; // gone: owner references let the garbage collector remove the children
        }
        Map<String, Object> crMap = asMap(cr);
        if (cr.getMetadata().getDeletionTimestamp() != null) {
            return finalise(cr, crMap);
        }
        ReconcileAdmission.Outcome admitted = admission.check(crMap);
        if (admitted.failed()) {
            fail(cr, admitted.reason(), admitted.message());
        }
        if (admitted.mutated()) {
            admission.write(cr, admitted.patch());
            return Result.DONE; // the update event brings the mutated CR back
        }
        boolean custom = !crd.operatorBox().defaultReconciler();
        ChildRenderer.Result rendered = custom ? new ChildRenderer.Result(List.of(), List.of())
                : renderer.render(crd, crMap, ChildRenderer.Phase.CREATE);
        if (needsFinalizer(rendered) && !hasFinalizer(cr)) {
            setFinalizers(cr, true);
            return Result.DONE; // the update event brings us back with the finalizer in place
        }
        if (rendered.failed()) {
            fail(cr, "InvalidTemplate", describe(rendered.errors()));
        }
        if (!crd.labels().isEmpty() && labelCr(cr, crMap)) {
            return Result.DONE; // the update event brings us back with the labels in place
        }
        boolean firstReconcile = !StatusWriter.currentStatus(cr).containsKey("observedGeneration");
        HookInvoker.Call call = firstReconcile ? HookInvoker.Call.CREATE : HookInvoker.Call.RECONCILE;
        // at most one Java call per reconcile: the constructor, or the hook before or after the templates
        HookResult hookResult = HookResult.done();
        if (custom) {
            hookResult = runHook(hooks.constructor(), cr, crMap, call);
        } else {
            boolean hookFirst = hooks.hook() != null && hooks.ref().runHooksFirst();
            if (hookFirst) {
                hookResult = runHook(hooks.hook(), cr, crMap, call);
            }
            try {
                applyChildren(key, cr, rendered, firstReconcile);
            } catch (OwnerGone e) {
                return Result.DONE; // deleted while the cache still showed it: its deletion event comes next
            }
            if (hooks.hook() != null && !hookFirst) {
                hookResult = runHook(hooks.hook(), cr, crMap, call);
            }
        }
        Map<String, Object> statusFields = new LinkedHashMap<>(hookResult.status());
        Duration requeue = hookResult.requeueAfter().orElse(null);
        // messages are stable across no-op reconciles, so an unchanged CR gets no status write
        List<Live> live = liveChildren(rendered);
        try { // declared fields after the hooks', as the reference merges them
            statusFields.putAll(DeclaredStatus.render(crd.operatorBox().status(), crMap, live.stream().map(Live::object).toList()));
        } catch (RenderException e) {
            fail(cr, "InvalidTemplate", "status." + e.path() + " (" + e.location() + "): " + e.detail());
        }
        ChildReadiness.Verdict verdict = custom
                ? new ChildReadiness.Verdict("Active", true, "Reconciled", "the reconciler " + hooks.ref().function() + " succeeded")
                : ChildReadiness.of(judge(live), ChildReadiness.readyMessage(status.current(cr)), Instant.now());
        boolean wrote = status.write(cr, new StatusWriter.Report(verdict.phase(), verdict.ready(), verdict.reason(), verdict.message(),
                true, "ReconcileSucceeded", "the last reconcile succeeded", statusFields));
        if (wrote && "ChildFailed".equals(verdict.reason())) {
            events.record(cr, Type.Warning, "ChildFailed", verdict.message());
        }
        return requeue == null ? Result.DONE : Result.requeueAfter(requeue);
    }

    private void applyChildren(String key, GenericKubernetesResource cr, ChildRenderer.Result rendered, boolean firstReconcile) {
        Set<String> wanted = new HashSet<>();
        OwnerCheck owner = new OwnerCheck(key, cr);
        try {
            for (DesiredChild child : rendered.children()) {
                wanted.add(identity(child.object()));
                if (child.reconcile() || firstReconcile) {
                    apply(cr, child, owner);
                } // an onCreate child without reconcile: true is created by the first reconcile, then never touched
            }
            pruneUndeclared(cr, wanted);
        } catch (KubernetesClientException e) {
            fail(cr, "ReconcileFailed", "applying children failed: " + e.getMessage());
        }
    }

    /** A declared child and its live object. */
    private record Live(DesiredChild child, GenericKubernetesResource object) {
    }

    /** Each child judged by its kind, in declaration order. */
    private static List<ChildReadiness.Judged> judge(List<Live> live) {
        return live.stream().map(l -> new ChildReadiness.Judged(l.object().getKind(), l.object().getMetadata().getName(),
                l.child().handler().readiness(l.object()))).toList();
    }

    /** Each declared child that exists (or that this reconcile wrote), in declaration order. */
    private List<Live> liveChildren(ChildRenderer.Result rendered) {
        List<Live> out = new ArrayList<>();
        for (DesiredChild child : rendered.children()) {
            HasMetadata desired = child.object();
            GenericKubernetesResource live = children.get(desired.getApiVersion(), desired.getKind(),
                    desired.getMetadata().getNamespace(), desired.getMetadata().getName());
            Applied recent = recentlyApplied.getIfPresent(identity(desired));
            if (recent != null && !children.seenDeleted(recent.after().getMetadata().getUid())
                    && (live == null || Objects.equals(live.getMetadata().getResourceVersion(), recent.before()))) {
                live = recent.after(); // our write, not yet in the cache
            }
            if (live != null) { // absent: an onCreate child deleted since, which nobody recreates
                out.add(new Live(child, live));
            }
        }
        return out;
    }

    /** Runs a hook; a failure is reported on the CR and thrown, so the queue retries with backoff. */
    private HookResult runHook(Hook hook, GenericKubernetesResource cr, Map<String, Object> crMap, HookInvoker.Call call) {
        Map<String, Object> args;
        try {
            args = hooks.args(TemplateData.of(crMap));
        } catch (RenderException e) {
            fail(cr, "InvalidTemplate", e.path() + " (" + e.location() + "): " + e.detail());
            return HookResult.done();
        }
        HookResult r = hooks.invoker().call(hook, call, cr, crMap, args);
        if (r.failed()) {
            fail(cr, r.errorReason(), r.errorMessage());
        }
        return r;
    }

    /** Reports a failed reconcile (Ready=False, a Warning Event) and throws so the queue retries with backoff. */
    private void fail(GenericKubernetesResource cr, String reason, String message) {
        events.record(cr, Type.Warning, reason, message);
        status.write(cr, new StatusWriter.Report("Degraded", false, reason, message, false, reason, message, Map.of()));
        throw new ReconcileFailure(reason + ": " + message);
    }

    /** A reported failure: the controller logs it and retries; no stack trace is worth printing. */
    static final class ReconcileFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReconcileFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Whether the CR the cache shows still exists and is not being deleted, asked of the API server once per reconcile
     * and only before creating a child: the garbage collector deletes a CR's children as soon as the CR is gone, and
     * the child informers can report that before the CR's informer does; recreating them then would leave objects
     * whose owner no longer exists.
     */
    private final class OwnerCheck {
        private final String key;
        private final GenericKubernetesResource cr;
        private Boolean alive;

        OwnerCheck(String key, GenericKubernetesResource cr) {
            this.key = key;
            this.cr = cr;
        }

        boolean alive() {
            if (alive == null) {
                alive = same(crResource(cr).get());
            }
            // and before every create, the cache: the CR may have gone while this reconcile ran
            return alive && same(crCache.apply(key));
        }

        private boolean same(GenericKubernetesResource fresh) {
            return fresh != null && Objects.equals(fresh.getMetadata().getUid(), cr.getMetadata().getUid())
                    && fresh.getMetadata().getDeletionTimestamp() == null;
        }
    }

    /** The CR turned out to be gone or going: the reconcile stops without writing. */
    private static final class OwnerGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OwnerGone() {
            super(null, null, false, false);
        }
    }

    /**
     * Applies a child unless the cache shows it already as desired; returns true when it wrote. With an
     * {@code owner} check, a child is only created while the CR still exists.
     */
    private boolean apply(GenericKubernetesResource cr, DesiredChild child, OwnerCheck owner) {
        HasMetadata desired = child.object();
        String id = identity(desired);
        GenericKubernetesResource live = children.get(desired.getApiVersion(), desired.getKind(),
                desired.getMetadata().getNamespace(), desired.getMetadata().getName());
        Applied recent = recentlyApplied.getIfPresent(id);
        if (recent != null && children.seenDeleted(recent.after().getMetadata().getUid())) {
            recentlyApplied.invalidate(id); // deleted since we wrote it: the cache is right, recreate
            recent = null;
        }
        if (recent != null && (live == null || Objects.equals(live.getMetadata().getResourceVersion(), recent.before()))) {
            live = recent.after(); // the informer has not seen our last write yet: do not write it twice
        }
        if (live != null && (!child.reconcile() || !child.handler().updatable()
                || LiveComparison.satisfies(asMap(live), asMap(desired)))) {
            applies.accept(desired.getKind(), false);
            return false;
        }
        if (live == null && owner != null && !owner.alive()) {
            throw new OwnerGone();
        }
        if (!hasOwnerReference(desired)) {
            Map<String, String> annotations = new LinkedHashMap<>(desired.getMetadata().getAnnotations() == null ? Map.of()
                    : desired.getMetadata().getAnnotations());
            annotations.put(ChildCache.OWNER_ANNOTATION, ChildCache.ownerAnnotation(cr.getApiVersion(), cr.getKind(),
                    cr.getMetadata().getNamespace(), cr.getMetadata().getName(), cr.getMetadata().getUid()));
            desired.getMetadata().setAnnotations(annotations);
        }
        var op = client.resource(desired).fieldManager(fieldManager);
        HasMetadata result = (child.forceConflict() ? op.forceConflicts() : op).serverSideApply();
        applies.accept(desired.getKind(), true);
        recentlyApplied.put(id, new Applied(live == null ? null : live.getMetadata().getResourceVersion(),
                Serialization.jsonMapper().convertValue(result, GenericKubernetesResource.class)));
        events.record(cr, Type.Normal, live == null ? "Created" : "Updated",
                (live == null ? "created " : "updated ") + desired.getKind() + " " + desired.getMetadata().getName());
        return true;
    }

    /** Deletes owned children the Katalog no longer declares (a condition turned false, a forEach list shrank). */
    private void pruneUndeclared(GenericKubernetesResource cr, Set<String> wanted) {
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (!wanted.contains(identity(owned)) && owned.getMetadata().getDeletionTimestamp() == null) {
                client.resource(owned).delete();
                events.record(cr, Type.Normal, "Deleted", "deleted " + owned.getKind() + " " + owned.getMetadata().getName()
                        + " (no longer declared)");
            }
        }
    }

    private Result finalise(GenericKubernetesResource cr, Map<String, Object> crMap) {
        if (!hasFinalizer(cr)) {
            return Result.DONE;
        }
        ChildRenderer.Result rendered = renderer.render(crd, crMap, ChildRenderer.Phase.DELETE);
        if (rendered.failed()) {
            events.record(cr, Type.Warning, "InvalidTemplate", describe(rendered.errors()));
        }
        for (DesiredChild child : rendered.children()) {
            apply(cr, child, null);
        }
        // onDelete work (a cleanup Job) finishes before the finalizer goes: each child must be ready, or have failed
        ChildReadiness.Judged pending = judge(liveChildren(rendered)).stream()
                .filter(j -> j.readiness().state() == io.orkspace.orkestra.registry.Readiness.State.WAITING).findFirst().orElse(null);
        if (pending != null) {
            String message = "waiting for " + pending.kind() + " " + pending.name() + " before removing the finalizer: "
                    + pending.readiness().detail();
            status.write(cr, new StatusWriter.Report("Deleting", false, "Deleting", message, true, "ReconcileSucceeded",
                    "the last reconcile succeeded", Map.of()));
            return Result.requeueAfter(Duration.ofSeconds(5)); // its status change brings us back sooner
        }
        if (!crd.operatorBox().defaultReconciler() && hooks.constructor() != null) {
            runHook(hooks.constructor(), cr, crMap, HookInvoker.Call.DELETE);
        } else if (hooks.hook() != null) {
            runHook(hooks.hook(), cr, crMap, HookInvoker.Call.DELETE);
        }
        // children without an owner reference (cluster-scoped children of a namespaced CR): the garbage collector
        // cannot see them, so they go now
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (!hasOwnerReference(owned) && owned.getMetadata().getDeletionTimestamp() == null) {
                client.resource(owned).delete();
                events.record(cr, Type.Normal, "Deleted", "deleted " + owned.getKind() + " " + owned.getMetadata().getName());
            }
        }
        setFinalizers(cr, false);
        return Result.DONE;
    }

    /** onDelete work to run, or children the garbage collector cannot reach (no owner reference possible). */
    private boolean needsFinalizer(ChildRenderer.Result rendered) {
        return !crd.operatorBox().onDelete().isEmpty() || hooks.hook() != null || hooks.constructor() != null
                || !crd.finalizers().isEmpty()
                || rendered.children().stream().anyMatch(c -> !hasOwnerReference(c.object()));
    }

    private static boolean hasOwnerReference(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() != null && !o.getMetadata().getOwnerReferences().isEmpty();
    }

    private boolean hasFinalizer(GenericKubernetesResource cr) {
        List<String> f = cr.getMetadata().getFinalizers();
        return f != null && f.contains(FINALIZER);
    }

    /** Adds or removes our finalizer with a merge patch guarded by the resourceVersion (409 means: reconcile again). */
    private void setFinalizers(GenericKubernetesResource cr, boolean add) {
        List<String> finalizers = new ArrayList<>(cr.getMetadata().getFinalizers() == null ? List.of() : cr.getMetadata().getFinalizers());
        if (add) {
            finalizers.add(FINALIZER);
            // the Katalog's own finalizer names (spec.finalizers, the entry's or the operatorBox's), held until onDelete ran
            crd.finalizers().stream().filter(f -> !finalizers.contains(f)).forEach(finalizers::add);
        } else if (crd.removeFinalizers()) {
            finalizers.clear(); // removeFinalizers: strip every finalizer on delete (test clusters), as the reference does
        } else {
            finalizers.remove(FINALIZER);
            finalizers.removeAll(crd.finalizers());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finalizers", finalizers);
        metadata.put("resourceVersion", cr.getMetadata().getResourceVersion());
        crResource(cr).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
    }

    /**
     * The entry's {@code labels}, rendered against the CR, written onto the CR when one is missing or different
     * (a merge patch of those labels only); returns true when it wrote.
     */
    private boolean labelCr(GenericKubernetesResource cr, Map<String, Object> crMap) {
        Map<String, Object> data = TemplateData.of(crMap);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, io.orkspace.orkestra.katalog.ValueTemplate> e : crd.labels().entrySet()) {
            try {
                Object v = e.getValue().render(data);
                wanted.put(e.getKey(), v == null ? "" : String.valueOf(v));
            } catch (RenderException ex) {
                fail(cr, "InvalidTemplate", ex.path() + " (" + ex.location() + "): " + ex.detail());
            }
        }
        Map<String, String> have = cr.getMetadata().getLabels() == null ? Map.of() : cr.getMetadata().getLabels();
        if (wanted.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
            return false;
        }
        crResource(cr).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", Map.of("labels", wanted))));
        return true;
    }

    private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> crResource(GenericKubernetesResource cr) {
        return cr.getMetadata().getNamespace() == null
                ? client.genericKubernetesResources(context).withName(cr.getMetadata().getName())
                : client.genericKubernetesResources(context).inNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName());
    }

    private static String identity(HasMetadata o) {
        return o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static String describe(List<RenderException> errors) {
        return errors.stream().map(e -> e.path() + " (" + e.location() + "): " + e.detail()).collect(Collectors.joining("; "));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return Serialization.jsonMapper().convertValue(o, Map.class);
    }
}
