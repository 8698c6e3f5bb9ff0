package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.engine.internal.EventRecorder.Type;
import io.orkspace.orkestra.katalog.ResourceEntry.DeletionPolicy;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.registry.KindHandlers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What happens to a CR's children when they go: released instead of deleted when their {@code deletionPolicy} says
 * so, and deleted in the reverse of their creation order ({@code dependsOn}) when the CR is deleted.
 */
final class ChildTeardown {

    /** Annotation carrying a child's {@code deletionPolicy} when it is not {@code Delete}. */
    static final String POLICY_ANNOTATION = "orkestra.orkspace.io/deletion-policy";

    private final KubernetesClient client;
    private final EventRecorder events;

    ChildTeardown(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** The deletion policy written on a child (Delete when none is). */
    static DeletionPolicy policy(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(POLICY_ANNOTATION);
        if (v == null) {
            return DeletionPolicy.Delete;
        }
        try {
            return DeletionPolicy.valueOf(v);
        } catch (IllegalArgumentException e) {
            return DeletionPolicy.Delete;
        }
    }

    /** Whether {@code o} belongs to the CR with this uid (its owner reference, or the owner annotation of a cluster-scoped child). */
    static boolean ownedBy(HasMetadata o, String uid) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs != null && refs.stream().anyMatch(r -> Objects.equals(r.getUid(), uid))) {
            return true;
        }
        return Objects.equals(uid, ChildCache.annotatedOwner(o).get("uid"));
    }

    /**
     * Lets a child go: its owner reference to the CR, the ownership labels and annotations are removed, so neither the
     * garbage collector nor Orkestra deletes it; the object itself is left as it is.
     */
    void release(GenericKubernetesResource cr, GenericKubernetesResource child, String why) {
        String uid = cr.getMetadata().getUid();
        List<OwnerReference> refs = child.getMetadata().getOwnerReferences() == null ? List.of() : child.getMetadata().getOwnerReferences();
        List<OwnerReference> kept = refs.stream().filter(r -> !Objects.equals(r.getUid(), uid)).toList();
        Map<String, Object> labels = new HashMap<>();
        labels.put(KindHandlers.MANAGED_BY, null);
        labels.put(KindHandlers.OWNER, null);
        Map<String, Object> annotations = new HashMap<>();
        annotations.put(ChildCache.OWNER_ANNOTATION, null);
        annotations.put(POLICY_ANNOTATION, null);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ownerReferences", kept);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        client.resource(child).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
        events.record(cr, Type.Normal, "Released", "released " + child.getKind() + " " + child.getMetadata().getName() + " (" + why + ")");
    }

    /**
     * One step of deleting the children that take part in {@code dependsOn} relations, dependents first: each such child
     * still present is deleted once no child that depends on it is left. Returns what the deletion still waits for, or
     * null when none of them is left. Children with a deletion policy other than Delete are not touched here (they are
     * released); children outside any relation are left to the garbage collector.
     */
    String deleteInReverseOrder(GenericKubernetesResource cr, List<DesiredChild> declared, CreationOrder order,
                                Function<DesiredChild, GenericKubernetesResource> live) {
        List<String> waiting = new ArrayList<>();
        for (DesiredChild child : declared) {
            if (order.dependenciesOf(child).isEmpty() && order.dependentsOf(child).isEmpty()) {
                continue;
            }
            GenericKubernetesResource object = present(child, cr, live);
            if (object == null) {
                continue;
            }
            List<DesiredChild> before = order.dependentsOf(child).stream().filter(d -> present(d, cr, live) != null).toList();
            if (before.isEmpty()) {
                if (object.getMetadata().getDeletionTimestamp() == null) {
                    client.resource(object).delete();
                    events.record(cr, Type.Normal, "Deleted", "deleted " + object.getKind() + " " + object.getMetadata().getName()
                            + " (reverse creation order)");
                }
                waiting.add(CreationOrder.describe(child) + " to be deleted");
            } else {
                waiting.add(CreationOrder.describe(before.get(0)) + " to be deleted before " + CreationOrder.describe(child));
            }
        }
        return waiting.isEmpty() ? null : waiting.get(0) + (waiting.size() > 1 ? " (and " + (waiting.size() - 1) + " more)" : "");
    }

    /** The child, when it exists, is this CR's and is to be deleted with it. */
    private static GenericKubernetesResource present(DesiredChild child, GenericKubernetesResource cr,
                                                     Function<DesiredChild, GenericKubernetesResource> live) {
        GenericKubernetesResource object = live.apply(child);
        return object != null && ownedBy(object, cr.getMetadata().getUid()) && policy(object) == DeletionPolicy.Delete ? object : null;
    }
}
