package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.engine.internal.EventRecorder.Type;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.registry.DesiredChild;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a CR's children: server-side apply (field manager {@code orkestra}) only when the informer cache does not
 * already show the child as desired, never the same write twice while the cache catches up, creation only of objects
 * the CR owns or may adopt, and deletion of children no longer declared.
 */
final class ChildWriter {

    private final KubernetesClient client;
    private final ChildCache children;
    private final EventRecorder events;
    private final ChildTeardown teardown;
    private final String fieldManager;
    /** Told of each desired child: its kind, and whether it was written (false: the cache showed it as desired). */
    private final java.util.function.BiConsumer<String, Boolean> applies;
    /** Our last write per child, until the informer cache has caught up with it. */
    private final Cache<String, Applied> recentlyApplied = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();

    /** The resourceVersion a child had before our apply, and what the apply returned. */
    private record Applied(String before, GenericKubernetesResource after) {
    }

    ChildWriter(KubernetesClient client, ChildCache children, EventRecorder events, ChildTeardown teardown, String fieldManager,
                java.util.function.BiConsumer<String, Boolean> applies) {
        this.client = client;
        this.children = children;
        this.events = events;
        this.teardown = teardown;
        this.fieldManager = fieldManager;
        this.applies = applies;
    }

    /** The child as it is: the informer cache, or our last write when the cache has not caught up with it; null when absent. */
    GenericKubernetesResource live(DesiredChild child) {
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

    /**
     * Applies a child unless the cache shows it already as desired. With an {@code ownerAlive} check, a child is only created
     * while the CR still exists, and an object of the same name that this CR does not own is only taken over when the
     * entry says {@code adopt: true}: otherwise nothing is written and the clash is returned, described.
     */
    String apply(GenericKubernetesResource cr, DesiredChild child, java.util.function.BooleanSupplier ownerAlive) {
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
        if (live == null && ownerAlive != null) {
            if (!ownerAlive.getAsBoolean()) {
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
    void pruneUndeclared(GenericKubernetesResource cr, Set<String> wanted) {
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

    /** The CR turned out to be gone or going: the reconcile stops without writing. */
    static final class OwnerGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OwnerGone() {
            super(null, null, false, false);
        }
    }

    static String identity(HasMetadata o) {
        return o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    static boolean hasOwnerReference(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() != null && !o.getMetadata().getOwnerReferences().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return Serialization.jsonMapper().convertValue(o, Map.class);
    }
}
