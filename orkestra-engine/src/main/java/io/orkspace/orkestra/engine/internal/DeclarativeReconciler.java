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
import io.orkspace.orkestra.katalog.ResourceEntry;
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
    /** The CR as templates see it (with {@code .events} when the entry observes Events), by key. */
    private final java.util.function.BiFunction<String, Map<String, Object>, Map<String, Object>> templateData;
    private final ChildCache children;
    /** Which custom kinds the API server does not serve yet: their children are left out and reported. */
    private final ServedKinds served;
    private final ChildRenderer renderer;
    private final StatusWriter status;
    private final EventRecorder events;
    private final ChildTeardown teardown;
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
                          Function<String, GenericKubernetesResource> crCache,
                          java.util.function.BiFunction<String, Map<String, Object>, Map<String, Object>> templateData,
                          ChildCache children, ServedKinds served, ChildRenderer renderer,
                          EventRecorder events, String fieldManager, CrdHooks hooks,
                          java.util.function.BiConsumer<String, Boolean> applies) {
        this.crd = crd;
        this.client = client;
        this.context = context;
        this.crCache = crCache;
        this.templateData = templateData;
        this.children = children;
        this.served = served;
        this.renderer = renderer;
        // a built-in primary (a ConfigMap) has no status of ours: none is written, as with ignoreStatusPatch
        this.status = new StatusWriter(client, context, crd.ignoreStatusPatch() || crd.apiTypes().builtIn());
        this.events = events;
        this.teardown = new ChildTeardown(client, events);
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
        Map<String, Object> data = templateData.apply(key, crMap);
        ChildRenderer.Result rendered = custom ? new ChildRenderer.Result(List.of(), List.of())
                : renderer.render(crd, data, ChildRenderer.Phase.CREATE);
        List<DesiredChild> unserved = served.unserved(rendered.children()); // their CRD is not installed yet
        rendered = ServedKinds.without(rendered, unserved);
        if (needsFinalizer(rendered) && !hasFinalizer(cr)) {
            setFinalizers(cr, true);
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
                wanted.add(identity(child.object()));
                if (!order.dependenciesOf(child).isEmpty() && live(child) == null) {
                    gated.add(child); // not created yet: after the others, once what it depends on is ready
                } else if (child.reconcile() || firstReconcile) {
                    String clash = apply(cr, child, owner);
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
                String clash = apply(cr, child, owner);
                if (clash != null) {
                    clashes.add(clash);
                }
            }
            pruneUndeclared(cr, wanted);
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
            GenericKubernetesResource live = live(dependency);
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

    /** Each child judged by its kind, in declaration order. */
    private static List<ChildReadiness.Judged> judge(List<Live> live) {
        return live.stream().map(l -> new ChildReadiness.Judged(l.object().getKind(), l.object().getMetadata().getName(),
                l.child().handler().readiness(l.object()))).toList();
    }

    /** Each declared child in declaration order: the live ones by their kind, the ones held back by what they wait for. */
    private static List<ChildReadiness.Judged> judge(ChildRenderer.Result rendered, List<Live> live, Map<DesiredChild, String> blocked) {
        if (blocked.isEmpty()) {
            return judge(live);
        }
        List<ChildReadiness.Judged> out = new ArrayList<>();
        for (DesiredChild child : rendered.children()) {
            String waits = blocked.get(child);
            if (waits != null) {
                out.add(new ChildReadiness.Judged(child.object().getKind(), child.object().getMetadata().getName(),
                        io.orkspace.orkestra.registry.Readiness.waiting(waits)));
            } else {
                live.stream().filter(l -> l.child() == child).findFirst().ifPresent(l -> out.add(new ChildReadiness.Judged(
                        l.object().getKind(), l.object().getMetadata().getName(), l.child().handler().readiness(l.object()))));
            }
        }
        return out;
    }

    /** Each declared child that exists (or that this reconcile wrote), in declaration order. */
    private List<Live> liveChildren(ChildRenderer.Result rendered) {
        List<Live> out = new ArrayList<>();
        for (DesiredChild child : rendered.children()) {
            GenericKubernetesResource live = live(child);
            if (live != null) { // absent: an onCreate child deleted since, which nobody recreates
                out.add(new Live(child, live));
            }
        }
        return out;
    }

    /** The child as it is: the informer cache, or our last write when the cache has not caught up with it; null when absent. */
    private GenericKubernetesResource live(DesiredChild child) {
        HasMetadata desired = child.object();
        GenericKubernetesResource live = children.get(desired.getApiVersion(), desired.getKind(),
                desired.getMetadata().getNamespace(), desired.getMetadata().getName());
        Applied recent = recentlyApplied.getIfPresent(identity(desired));
        if (recent != null && !children.seenDeleted(recent.after().getMetadata().getUid())
                && (live == null || Objects.equals(live.getMetadata().getResourceVersion(), recent.before()))) {
            live = recent.after(); // our write, not yet in the cache
        }
        return live;
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
     * Applies a child unless the cache shows it already as desired. With an {@code owner} check, a child is only created
     * while the CR still exists, and an object of the same name that this CR does not own is only taken over when the
     * entry says {@code adopt: true}: otherwise nothing is written and the clash is returned, described.
     */
    private String apply(GenericKubernetesResource cr, DesiredChild child, OwnerCheck owner) {
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
            return null;
        }
        if (live == null && owner != null) {
            if (!owner.alive()) {
                throw new OwnerGone();
            }
            String clash = clash(cr, child);
            if (clash != null) {
                return clash;
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>(desired.getMetadata().getAnnotations() == null ? Map.of()
                : desired.getMetadata().getAnnotations());
        if (!hasOwnerReference(desired)) {
            annotations.put(ChildCache.OWNER_ANNOTATION, ChildCache.ownerAnnotation(cr.getApiVersion(), cr.getKind(),
                    cr.getMetadata().getNamespace(), cr.getMetadata().getName(), cr.getMetadata().getUid()));
        }
        if (child.entry().deletionPolicy() != ResourceEntry.DeletionPolicy.Delete) {
            // on the object, so that pruning and deletion know it even once the Katalog no longer declares the child
            annotations.put(ChildTeardown.POLICY_ANNOTATION, child.entry().deletionPolicy().name());
        }
        if (!annotations.isEmpty()) {
            desired.getMetadata().setAnnotations(annotations);
        }
        var op = client.resource(desired).fieldManager(fieldManager);
        HasMetadata result = (child.forceConflict() ? op.forceConflicts() : op).serverSideApply();
        applies.accept(desired.getKind(), true);
        recentlyApplied.put(id, new Applied(live == null ? null : live.getMetadata().getResourceVersion(),
                Serialization.jsonMapper().convertValue(result, GenericKubernetesResource.class)));
        events.record(cr, Type.Normal, live == null ? "Created" : "Updated",
                (live == null ? "created " : "updated ") + desired.getKind() + " " + desired.getMetadata().getName());
        return null;
    }

    /**
     * Before creating a child the cache does not show: whether the API server already holds an object of that name
     * that this CR does not own (made by hand, by another tool, or released by an earlier CR). One read per creation.
     */
    private String clash(GenericKubernetesResource cr, DesiredChild child) {
        if (child.entry().adopt()) {
            return null; // server-side apply takes it over (and adds our owner reference)
        }
        HasMetadata existing = client.resource(child.object()).get();
        if (existing == null || ChildTeardown.ownedBy(existing, cr.getMetadata().getUid())) {
            return null;
        }
        return child.object().getKind() + " " + child.object().getMetadata().getName()
                + " already exists and is not owned by this " + cr.getKind()
                + " (set adopt: true on " + child.entry().path() + " to take it over)";
    }

    /** Deletes owned children the Katalog no longer declares (a condition turned false, a forEach list shrank). */
    private void pruneUndeclared(GenericKubernetesResource cr, Set<String> wanted) {
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (!wanted.contains(identity(owned)) && owned.getMetadata().getDeletionTimestamp() == null) {
                if (ChildTeardown.policy(owned) == ResourceEntry.DeletionPolicy.Retain) {
                    teardown.release(cr, owned, "no longer declared; deletionPolicy: Retain");
                    continue;
                }
                client.resource(owned).delete();
                events.record(cr, Type.Normal, "Deleted", "deleted " + owned.getKind() + " " + owned.getMetadata().getName()
                        + " (no longer declared)");
            }
        }
    }

    /**
     * The CR is being deleted and holds our finalizer: run {@code onDelete} (stage by stage when {@code ordered}),
     * release the children whose policy keeps them, delete the ordered children dependents first, call the hook,
     * delete what the garbage collector cannot reach, and only then remove the finalizer. Each step that has to wait
     * reports {@code phase: Deleting} naming what it waits for and comes back later.
     */
    private Result finalise(GenericKubernetesResource cr, Map<String, Object> crMap) {
        if (!hasFinalizer(cr)) {
            return Result.DONE;
        }
        String waiting = runOnDelete(cr, crMap);
        if (waiting != null) {
            io.orkspace.orkestra.katalog.TemplateBlock onDelete = crd.operatorBox().onDelete();
            Instant deadline = deletionStarted(cr).plus(onDelete.timeout());
            if (onDelete.ordered() && Instant.now().isAfter(deadline)) {
                // the reference's rule: a stuck cleanup keeps the finalizer (the CR stays, nothing is lost); say so loudly
                String message = "ordered deletion did not finish within " + onDelete.timeout().toSeconds() + "s: " + waiting;
                events.record(cr, Type.Warning, "DeletionTimedOut", message);
                deleting(cr, "DeletionTimedOut", message);
                return Result.requeueAfter(Duration.ofSeconds(5)); // the Warning is aggregated, not repeated
            }
            deleting(cr, "Deleting", waiting);
            return Result.requeueAfter(Duration.ofSeconds(3)); // child events bring us back sooner
        }
        // children whose deletionPolicy keeps them are let go before the garbage collector would take them
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (ChildTeardown.policy(owned) != ResourceEntry.DeletionPolicy.Delete && ChildTeardown.ownedBy(owned, cr.getMetadata().getUid())) {
                teardown.release(cr, owned, "its CR was deleted; deletionPolicy: " + ChildTeardown.policy(owned));
            }
        }
        ChildRenderer.Result declared = renderer.render(crd, crMap, ChildRenderer.Phase.CREATE);
        declared = ServedKinds.without(declared, served.unserved(declared.children())); // never created: nothing to delete
        try {
            CreationOrder order = CreationOrder.of(declared.children());
            String reverse = order.isEmpty() ? null : teardown.deleteInReverseOrder(cr, declared.children(), order, this::live);
            if (reverse != null) {
                deleting(cr, "Deleting", "waiting for " + reverse);
                return Result.requeueAfter(Duration.ofSeconds(3));
            }
        } catch (CreationOrder.Cycle e) {
            // nothing was created in an order then: the garbage collector takes them all
        }
        if (!crd.operatorBox().defaultReconciler() && hooks.constructor() != null) {
            runHook(hooks.constructor(), cr, crMap, HookInvoker.Call.DELETE);
        } else if (hooks.hook() != null) {
            runHook(hooks.hook(), cr, crMap, HookInvoker.Call.DELETE);
        }
        // children without an owner reference (cluster-scoped children of a namespaced CR): the garbage collector
        // cannot see them, so they go now
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (!hasOwnerReference(owned) && owned.getMetadata().getDeletionTimestamp() == null
                    && ChildTeardown.policy(owned) == ResourceEntry.DeletionPolicy.Delete) {
                client.resource(owned).delete();
                events.record(cr, Type.Normal, "Deleted", "deleted " + owned.getKind() + " " + owned.getMetadata().getName());
            }
        }
        setFinalizers(cr, false);
        return Result.DONE;
    }

    /**
     * The {@code onDelete} block: its Jobs are created and must finish (complete or fail); every other entry names an
     * object to delete. Without {@code ordered} everything runs at once and only the Jobs are waited for; with
     * {@code ordered: true} the block's own entries, then each group in turn, must be finished (Jobs done, other
     * objects gone from the API server) before the next starts. Returns what is still waited for, or null when done.
     */
    private String runOnDelete(GenericKubernetesResource cr, Map<String, Object> crMap) {
        io.orkspace.orkestra.katalog.TemplateBlock onDelete = crd.operatorBox().onDelete();
        List<io.orkspace.orkestra.katalog.TemplateBlock> stages = new ArrayList<>();
        stages.add(onDelete);
        if (onDelete.ordered()) {
            stages.addAll(onDelete.groups());
        }
        for (io.orkspace.orkestra.katalog.TemplateBlock stage : stages) {
            ChildRenderer.Result rendered = onDelete.ordered() ? renderer.renderDeletionStage(crd, crMap, stage)
                    : renderer.render(crd, crMap, ChildRenderer.Phase.DELETE);
            if (rendered.failed()) {
                events.record(cr, Type.Warning, "InvalidTemplate", describe(rendered.errors()));
            }
            // a kind the API server does not serve has no object to delete, and nothing could create one
            rendered = ServedKinds.without(rendered, served.unserved(rendered.children()));
            String waiting = null;
            for (DesiredChild child : rendered.children()) {
                String w = "jobs".equals(child.handler().key()) ? runJob(cr, child) : deleteNamed(cr, child, onDelete.ordered());
                waiting = waiting == null ? w : waiting;
            }
            if (waiting != null) {
                String group = stage.name() != null ? " (group " + stage.name() + ")" : stage == onDelete ? "" : " (group " + stages.indexOf(stage) + ")";
                return waiting + group;
            }
        }
        return null;
    }

    /** An onDelete Job: created (with an owner reference, so it goes with the CR), then waited for until it completes or fails. */
    private String runJob(GenericKubernetesResource cr, DesiredChild child) {
        apply(cr, child, null);
        GenericKubernetesResource live = live(child);
        io.orkspace.orkestra.registry.Readiness r = live == null ? io.orkspace.orkestra.registry.Readiness.waiting("not created yet")
                : child.handler().readiness(live);
        return r.state() == io.orkspace.orkestra.registry.Readiness.State.WAITING
                ? "waiting for " + CreationOrder.describe(child) + " before removing the finalizer: " + r.detail() : null;
    }

    /** An onDelete entry of any other kind: the object it names is deleted; with {@code wait}, it is waited for until gone. */
    private String deleteNamed(GenericKubernetesResource cr, DesiredChild child, boolean wait) {
        HasMetadata existing = client.resource(child.object()).get(); // the API server, not a cache: it may be anyone's object
        if (existing == null) {
            return null;
        }
        if (existing.getMetadata().getDeletionTimestamp() == null) {
            var op = client.resource(existing);
            (wait ? op.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND) : op).delete();
            events.record(cr, Type.Normal, "Deleted", "deleted " + existing.getKind() + " " + existing.getMetadata().getName() + " (onDelete)");
        }
        return wait ? "waiting for " + CreationOrder.describe(child) + " to be deleted" : null;
    }

    private void deleting(GenericKubernetesResource cr, String reason, String message) {
        status.write(cr, new StatusWriter.Report("Deleting", false, reason, message, true, "ReconcileSucceeded",
                "the last reconcile succeeded", Map.of()));
    }

    /** When the CR's deletion was requested (its deletionTimestamp), the start of the ordered deletion's timeout. */
    private static Instant deletionStarted(GenericKubernetesResource cr) {
        try {
            return java.time.OffsetDateTime.parse(cr.getMetadata().getDeletionTimestamp()).toInstant();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    /**
     * onDelete work to run, children the garbage collector cannot reach (no owner reference possible), children to
     * delete in reverse creation order, or children to release rather than delete.
     */
    private boolean needsFinalizer(ChildRenderer.Result rendered) {
        return !crd.operatorBox().onDelete().isEmpty() || hooks.hook() != null || hooks.constructor() != null
                || !crd.finalizers().isEmpty()
                || rendered.children().stream().anyMatch(c -> !hasOwnerReference(c.object()) || !c.dependsOn().isEmpty()
                        || c.entry().deletionPolicy() != ResourceEntry.DeletionPolicy.Delete);
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
