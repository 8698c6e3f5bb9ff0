package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.engine.internal.EventRecorder.Type;


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

    private final CrdEntry crd;
    private final Function<String, GenericKubernetesResource> crCache;
    /** The CR as templates see it (with {@code .events} when the entry observes Events), by key. */
    private final java.util.function.BiFunction<String, Map<String, Object>, Map<String, Object>> templateData;
    /** Which custom kinds the API server does not serve yet: their children are left out and reported. */
    private final ServedKinds served;
    private final ChildRenderer renderer;
    private final StatusWriter status;
    private final EventRecorder events;
    private final ChildWriter writer;
    private final CrFinalizers finalizers;
    private final Finalization finalization;
    private final CrdHooks hooks;
    /** The entry's mutation and validation rules, run at reconcile time too. */
    private final ReconcileAdmission admission;

    DeclarativeReconciler(CrdEntry crd, KubernetesClient client, ResourceDefinitionContext context,
                          Function<String, GenericKubernetesResource> crCache,
                          java.util.function.BiFunction<String, Map<String, Object>, Map<String, Object>> templateData,
                          ChildCache children, ServedKinds served, ChildRenderer renderer,
                          EventRecorder events, String fieldManager, CrdHooks hooks,
                          java.util.function.BiConsumer<String, Boolean> applies) {
        this.crd = crd;
        this.crCache = crCache;
        this.templateData = templateData;
        this.served = served;
        this.renderer = renderer;
        // a built-in primary (a ConfigMap) has no status of ours: none is written, as with ignoreStatusPatch
        this.status = new StatusWriter(client, context, crd.ignoreStatusPatch() || crd.apiTypes().builtIn());
        this.events = events;
        ChildTeardown teardown = new ChildTeardown(client, events);
        this.writer = new ChildWriter(client, children, events, teardown, fieldManager, applies);
        this.finalizers = new CrFinalizers(crd, client, context);
        this.hooks = hooks;
        this.finalization = new Finalization(crd, client, children, served, renderer, status, events, teardown, writer, finalizers,
                this::runDeleteHook);
        this.admission = ReconcileAdmission.of(crd, client, context);
    }

    @Override
    public Result reconcile(String key) throws Exception {
        GenericKubernetesResource cr = crCache.apply(key);
        if (cr == null) {
            return Result.DONE; // gone: owner references let the garbage collector remove the children
        }
        Map<String, Object> crMap = asMap(cr);
        if (cr.getMetadata().getDeletionTimestamp() != null) {
            return finalization.finalise(cr, crMap, templateData.apply(key, crMap));
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
        Map<String, Object> data = templateData.apply(key, crMap);
        ChildRenderer.Result rendered = custom ? new ChildRenderer.Result(List.of(), List.of())
                : renderer.render(crd, data, ChildRenderer.Phase.CREATE);
        List<DesiredChild> unserved = served.unserved(rendered.children()); // their CRD is not installed yet
        rendered = ServedKinds.without(rendered, unserved);
        if (needsFinalizer(rendered) && !finalizers.has(cr)) {
            finalizers.set(cr, true);
            return Result.DONE; // the update event brings us back with the finalizer in place
        }
        if (rendered.failed()) {
            fail(cr, "InvalidTemplate", describe(rendered.errors()));
        }
        CreationOrder order = CreationOrder.of(List.of());
        try {
            order = CreationOrder.of(rendered.children());
        } catch (CreationOrder.Cycle e) {
            fail(cr, "InvalidTemplate", e.getMessage());
        }
        if (!crd.labels().isEmpty() && labelCr(cr, crMap)) {
            return Result.DONE; // the update event brings us back with the labels in place
        }
        // without status writes of ours, observedGeneration (absent, or a Deployment's own) says nothing: every
        // reconcile creates what is missing
        boolean firstReconcile = status.disabled() || !StatusWriter.currentStatus(cr).containsKey("observedGeneration");
        HookInvoker.Call call = firstReconcile ? HookInvoker.Call.CREATE : HookInvoker.Call.RECONCILE;
        // at most one Java call per reconcile: the constructor, or the hook before or after the templates
        HookResult hookResult = HookResult.done();
        Map<DesiredChild, String> blocked = Map.of();
        if (custom) {
            hookResult = runHook(hooks.constructor(), cr, crMap, call);
        } else {
            boolean hookFirst = hooks.hook() != null && hooks.ref().runHooksFirst();
            if (hookFirst) {
                hookResult = runHook(hooks.hook(), cr, crMap, call);
            }
            try {
                blocked = applyChildren(key, cr, rendered, firstReconcile, order);
            } catch (ChildWriter.OwnerGone e) {
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
            statusFields.putAll(DeclaredStatus.render(crd.operatorBox().status(), data, live.stream().map(Live::object).toList()));
        } catch (RenderException e) {
            fail(cr, "InvalidTemplate", "status." + e.path() + " (" + e.location() + "): " + e.detail());
        }
        ChildReadiness.Verdict verdict = custom
                ? new ChildReadiness.Verdict("Active", true, "Reconciled", "the reconciler " + hooks.ref().function() + " succeeded")
                : ChildReadiness.of(judge(rendered, live, blocked), ChildReadiness.readyMessage(status.current(cr)), Instant.now());
        if (!unserved.isEmpty()) { // the other children are applied; this reconcile runs again once the kind is served
            String message = ServedKinds.describe(unserved) + " (is its CRD installed? the entry is applied as soon as it is served)";
            // a first reconcile stays the first until it could apply every entry, so onCreate entries still get created
            if (status.write(cr, new StatusWriter.Report("Degraded", false, "KindNotInstalled", message, false, "KindNotInstalled",
                    message, statusFields), !firstReconcile)) {
                events.record(cr, Type.Warning, "KindNotInstalled", message);
            }
            return requeue == null ? Result.DONE : Result.requeueAfter(requeue);
        }
        boolean wrote = status.write(cr, new StatusWriter.Report(verdict.phase(), verdict.ready(), verdict.reason(), verdict.message(),
                true, "ReconcileSucceeded", "the last reconcile succeeded", statusFields));
        if (wrote && "ChildFailed".equals(verdict.reason())) {
            events.record(cr, Type.Warning, "ChildFailed", verdict.message());
        }
        return requeue == null ? Result.DONE : Result.requeueAfter(requeue);
    }

    /**
     * Applies the declared children in order and prunes the undeclared ones. A child whose {@code dependsOn} is not
     * ready yet is not created: it is returned with what it waits for. An existing object this CR does not own is
     * taken over only with {@code adopt: true}; otherwise the reconcile fails naming it, after the other children.
     */
    private Map<DesiredChild, String> applyChildren(String key, GenericKubernetesResource cr, ChildRenderer.Result rendered,
                                                    boolean firstReconcile, CreationOrder order) {
        Set<String> wanted = new HashSet<>();
        OwnerCheck owner = new OwnerCheck(key, cr);
        Map<DesiredChild, String> blocked = new java.util.IdentityHashMap<>();
        List<String> clashes = new ArrayList<>();
        try {
            List<DesiredChild> gated = new ArrayList<>();
            for (DesiredChild child : rendered.children()) {
                wanted.add(ChildWriter.identity(child.object()));
                if (!order.dependenciesOf(child).isEmpty() && writer.live(child) == null) {
                    gated.add(child); // not created yet: after the others, once what it depends on is ready
                } else if (child.reconcile() || firstReconcile) {
                    String clash = writer.apply(cr, child, owner::alive);
                    if (clash != null) {
                        clashes.add(clash);
                    }
                } // an onCreate child without reconcile: true is created by the first reconcile, then never touched
            }
            for (DesiredChild child : gated) { // on whichever reconcile finds its dependencies ready
                String waitsFor = unreadyDependency(child, order);
                if (waitsFor != null) {
                    blocked.put(child, waitsFor);
                    continue;
                }
                String clash = writer.apply(cr, child, owner::alive);
                if (clash != null) {
                    clashes.add(clash);
                }
            }
            writer.pruneUndeclared(cr, wanted);
        } catch (KubernetesClientException e) {
            fail(cr, "ReconcileFailed", "applying children failed: " + e.getMessage());
        }
        if (!clashes.isEmpty()) {
            fail(cr, "ChildConflict", String.join("; ", clashes));
        }
        return blocked;
    }

    /** The first dependency of {@code child} that is not ready, described; null when all are. */
    private String unreadyDependency(DesiredChild child, CreationOrder order) {
        for (DesiredChild dependency : order.dependenciesOf(child)) {
            GenericKubernetesResource live = writer.live(dependency);
            if (live == null) {
                return "created after " + CreationOrder.describe(dependency) + " is ready (it does not exist yet)";
            }
            io.orkspace.orkestra.registry.Readiness r = dependency.handler().readiness(live);
            if (!r.ready()) {
                return "created after " + CreationOrder.describe(dependency) + " is ready ("
                        + (r.state() == io.orkspace.orkestra.registry.Readiness.State.FAILED ? "it failed: " : "") + r.detail() + ")";
            }
        }
        return null;
    }

    /** A declared child and its live object. */
    private record Live(DesiredChild child, GenericKubernetesResource object) {
    }

    /** Each declared child in declaration order: a live one by its kind, one held back by what it waits for. */
    private static List<ChildReadiness.Judged> judge(ChildRenderer.Result rendered, List<Live> live, Map<DesiredChild, String> blocked) {
        Map<DesiredChild, Live> byChild = new java.util.IdentityHashMap<>();
        live.forEach(l -> byChild.put(l.child(), l));
        List<ChildReadiness.Judged> out = new ArrayList<>();
        for (DesiredChild child : rendered.children()) {
            String waits = blocked.get(child);
            Live l = byChild.get(child);
            if (waits != null) {
                out.add(new ChildReadiness.Judged(child.object().getKind(), child.object().getMetadata().getName(),
                        io.orkspace.orkestra.registry.Readiness.waiting(waits)));
            } else if (l != null) {
                out.add(new ChildReadiness.Judged(l.object().getKind(), l.object().getMetadata().getName(),
                        child.handler().readiness(l.object())));
            }
        }
        return out;
    }

    /** Each declared child that exists (or that this reconcile wrote), in declaration order. */
    private List<Live> liveChildren(ChildRenderer.Result rendered) {
        List<Live> out = new ArrayList<>();
        for (DesiredChild child : rendered.children()) {
            GenericKubernetesResource live = writer.live(child);
            if (live != null) { // absent: an onCreate child deleted since, which nobody recreates
                out.add(new Live(child, live));
            }
        }
        return out;
    }

    /** The Java delete callback: the constructor of a custom reconciler, else the hook, if any. */
    private void runDeleteHook(GenericKubernetesResource cr, Map<String, Object> crMap) {
        if (!crd.operatorBox().defaultReconciler() && hooks.constructor() != null) {
            runHook(hooks.constructor(), cr, crMap, HookInvoker.Call.DELETE);
        } else if (hooks.hook() != null) {
            runHook(hooks.hook(), cr, crMap, HookInvoker.Call.DELETE);
        }
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
        // a failed first reconcile leaves observedGeneration absent: the next one is still the first, so onCreate
        // entries without reconcile: true are created once the cause is fixed
        boolean observedBefore = StatusWriter.currentStatus(cr).containsKey("observedGeneration");
        status.write(cr, new StatusWriter.Report("Degraded", false, reason, message, false, reason, message, Map.of()), observedBefore);
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
                alive = same(finalizers.resource(cr).get());
            }
            // and before every create, the cache: the CR may have gone while this reconcile ran
            return alive && same(crCache.apply(key));
        }

        private boolean same(GenericKubernetesResource fresh) {
            return fresh != null && Objects.equals(fresh.getMetadata().getUid(), cr.getMetadata().getUid())
                    && fresh.getMetadata().getDeletionTimestamp() == null;
        }
    }

    /**
     * onDelete work to run, children the garbage collector cannot reach (no owner reference possible), children to
     * delete in reverse creation order, or children to release rather than delete.
     */
    private boolean needsFinalizer(ChildRenderer.Result rendered) {
        return !crd.operatorBox().onDelete().isEmpty() || hooks.hook() != null || hooks.constructor() != null
                || !crd.finalizers().isEmpty()
                || rendered.children().stream().anyMatch(c -> !ChildWriter.hasOwnerReference(c.object()) || !c.dependsOn().isEmpty()
                        || c.entry().deletionPolicy() != ResourceEntry.DeletionPolicy.Delete);
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
        finalizers.resource(cr).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", Map.of("labels", wanted))));
        return true;
    }

    static String describe(List<RenderException> errors) {
        return errors.stream().map(e -> e.path() + " (" + e.location() + "): " + e.detail()).collect(Collectors.joining("; "));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return Serialization.jsonMapper().convertValue(o, Map.class);
    }
}
