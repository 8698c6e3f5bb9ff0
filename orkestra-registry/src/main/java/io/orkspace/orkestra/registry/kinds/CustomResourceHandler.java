package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandler;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code custom}: any object ({@code apiVersion} and {@code kind} required, e.g. a cert-manager Certificate) with a
 * templated {@code spec} written as declared, as a {@link GenericKubernetesResource}. Its {@code metadata} holds
 * {@code name} (or the entry's {@code name}), {@code namespace} (default: the CR's), {@code labels},
 * {@code annotations} and {@code namespaced} (default true; false for a cluster-scoped kind: no namespace, and no
 * owner reference from a namespaced CR). Orkestra's labels and the owner reference are added as for every kind.
 *
 * <p>Unlike the other kinds, the apiVersion and kind come from each entry: {@link #apiVersion()}, {@link #kind()} and
 * {@link #plural()} are {@code "*"}, and whoever watches the children must take the kind of each object built. The
 * reference's {@code status} and {@code hasStatus} are accepted, but status is never part of the object: it belongs to
 * the status subresource, which server-side apply of the object does not write.
 */
final class CustomResourceHandler implements KindHandler {

    private static final Set<String> FIELDS = Set.of("name", "namespace", "labels", "annotations", "apiVersion", "kind",
            "metadata", "spec", "status", "hasStatus");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations", "namespaced");

    @Override
    public String key() {
        return "custom";
    }

    @Override
    public String apiVersion() {
        return "*";
    }

    @Override
    public String kind() {
        return "*";
    }

    @Override
    public String plural() {
        return "*";
    }

    /** True: the renderer supplies the CR's namespace, which {@code metadata.namespaced: false} drops. */
    @Override
    public boolean namespaced() {
        return true;
    }

    @Override
    public String defaultName() {
        return null;
    }

    @Override
    public HasMetadata build(Map<String, Object> rendered, Owner owner) throws InvalidEntryException {
        EntryFields f = EntryFields.of(rendered);
        f.allowOnly(FIELDS);
        String apiVersion = f.requiredString("apiVersion").trim();
        if (!apiVersion.matches("([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?")) {
            throw new InvalidEntryException(f.path("apiVersion") + ": expected group/version (cert-manager.io/v1) or a core version (v1), got "
                    + RenderedValue.show(apiVersion));
        }
        String kind = f.requiredString("kind").trim();
        // accepted for the reference's sake and type-checked, but not part of the object (see the class comment)
        f.bool("hasStatus");
        f.tree("status");
        EntryFields meta = f.object("metadata").orElse(EntryFields.of(Map.of()));
        meta.allowOnly(METADATA);
        boolean namespaced = meta.bool("namespaced", true);

        Optional<String> name = meta.string("name");
        if (name.isEmpty()) {
            name = f.string("name");
        }
        Map<String, String> labels = new TreeMap<>(f.stringMap("labels"));
        labels.putAll(meta.stringMap("labels"));
        labels.putAll(ChildMetadata.systemLabels(owner));
        Map<String, String> annotations = new TreeMap<>(f.stringMap("annotations"));
        annotations.putAll(meta.stringMap("annotations"));
        ObjectMetaBuilder m = new ObjectMetaBuilder()
                .withName(name.orElseThrow(() -> meta.missing("name")))
                .withLabels(labels)
                .withAnnotations(ChildMetadata.orNull(annotations));
        if (namespaced) {
            Optional<String> ns = meta.string("namespace");
            m.withNamespace(ns.isPresent() ? ns.get() : f.requiredString("namespace"));
        } else if (meta.has("namespace")) {
            throw new InvalidEntryException(meta.path("namespace") + ": a cluster-scoped object (metadata.namespaced: false) has no namespace");
        }
        OwnerReference ref = ChildMetadata.ownerReference(owner, namespaced);
        if (ref != null) {
            m.withOwnerReferences(List.of(ref));
        }

        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(apiVersion);
        object.setKind(kind);
        object.setMetadata(m.build());
        Map<String, Object> spec = f.tree("spec");
        if (!spec.isEmpty()) {
            object.setAdditionalProperty("spec", copy(spec));
        }
        return object;
    }

    /** A deep copy, so the object shares no mutable map or list with the rendered fields. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    @Override
    public String toString() {
        return "custom (any apiVersion and kind)";
    }

    /**
     * As its own {@code Ready} condition says when it has one (the convention of most operators: cert-manager,
     * Crossplane, Orkestra itself); ready once it exists when it has none.
     */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        return LiveStatus.of(live).condition("Ready")
                .map(c -> "True".equals(c.get("status")) ? Readiness.READY
                        : Readiness.waiting("Ready is " + c.get("status") + explainSuffix(c)))
                .orElse(Readiness.READY);
    }

    private static String explainSuffix(java.util.Map<?, ?> condition) {
        String why = LiveStatus.explain(condition);
        return why.isEmpty() ? "" : ": " + why;
    }
}
