package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandlers;
import io.orkspace.orkestra.registry.Owner;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata every child gets: name and namespace from the entry, the entry's labels merged with
 * {@code managed-by: orkestra} and {@code orkestra-owner: <cr-name>} (ours win: garbage collection and the
 * {@code kubectl get -l orkestra-owner=...} views rely on them), the entry's annotations, and an owner reference to
 * the CR where the API allows one.
 */
final class ChildMetadata {

    /**
     * Label on the pods of one workload (Deployment, StatefulSet...) carrying the workload's name, part of its
     * selector: without it, two workloads of the same CR would select each other's pods.
     */
    static final String WORKLOAD = "orkestra-workload";

    private ChildMetadata() {
    }

    /** The metadata of a child built from {@code f} (which holds {@code name}, {@code labels}, {@code annotations}...). */
    static ObjectMeta of(EntryFields f, Owner owner, boolean namespaced) throws InvalidEntryException {
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withName(f.requiredString("name"))
                .withLabels(labels(f, owner))
                .withAnnotations(orNull(f.stringMap("annotations")));
        if (namespaced) {
            meta.withNamespace(f.requiredString("namespace"));
        }
        OwnerReference ref = ownerReference(owner, namespaced);
        if (ref != null) {
            meta.withOwnerReferences(List.of(ref));
        }
        return meta.build();
    }

    /** The entry's labels with Orkestra's two labels on top, sorted by key. */
    static Map<String, String> labels(EntryFields f, Owner owner) throws InvalidEntryException {
        Map<String, String> labels = new TreeMap<>(f.stringMap("labels"));
        labels.putAll(systemLabels(owner));
        return labels;
    }

    /** {@code managed-by: orkestra} and {@code orkestra-owner: <cr-name>}. */
    static Map<String, String> systemLabels(Owner owner) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(KindHandlers.MANAGED_BY, KindHandlers.ORKESTRA);
        labels.put(KindHandlers.OWNER, owner.name());
        return labels;
    }

    /**
     * The controller reference to the CR, or null when the API forbids one: a cluster-scoped object cannot be owned
     * by a namespaced one (the garbage collector would delete it at once). Such children are cleaned up by the
     * finalizer instead.
     */
    static OwnerReference ownerReference(Owner owner, boolean childNamespaced) {
        if (!childNamespaced && owner.namespaced()) {
            return null;
        }
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.apiVersion())
                .withKind(owner.kind())
                .withName(owner.name())
                .withUid(owner.uid() == null || owner.uid().isEmpty() ? null : owner.uid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Null for an empty map: a server drops empty maps, and an object we send should equal what it keeps. */
    static <V> Map<String, V> orNull(Map<String, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }

    /** Null for an empty list, for the same reason as {@link #orNull(Map)}. */
    static <T> List<T> orNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
