package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandler;
import io.orkspace.orkestra.registry.KindScopes;
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
 * {@code annotations} and {@code namespaced}. Orkestra's labels and the owner reference are added as for every kind.
 *
 * <p>The scope: {@code metadata.namespaced} when the entry sets it, else what {@link KindScopes} (the API server's
 * discovery, in the engine) says of the kind, else namespaced. A cluster-scoped object has no namespace, and no owner
 * reference from a namespaced CR.
 *
 * <p>Unlike the other kinds, the apiVersion and kind come from each entry: {@link #apiVersion()}, {@link #kind()} and
 * {@link #plural()} are {@code "*"}; {@link io.orkspace.orkestra.registry.KindHandlers#kindOf} gives an entry's. The
 * reference's {@code status} and {@code hasStatus} are type-checked here, but status is never part of the object: it
 * belongs to the status subresource, which server-side apply of the object does not write (the loader rejects
 * {@code status} as not supported yet).
 */
final class CustomResourceHandler implements KindHandler {

    private static final Set<String> FIELDS = Set.of("name", "namespace", "labels", "annotations", "apiVersion", "kind",
            "metadata", "spec", "status", "hasStatus");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations", "namespaced");

    private final KindScopes scopes;

    /** Custom kinds are namespaced unless an entry says otherwise. */
    CustomResourceHandler() {
        this(KindScopes.UNKNOWN);
    }

    CustomResourceHandler(KindScopes scopes) {
        this.scopes = scopes;
    }

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

    /** True: the scope depends on the entry, see {@link #namespaced(Map)}. */
    @Override
    public boolean namespaced() {
        return true;
    }

    /** {@code metadata.namespaced} when set, else the kind's scope as {@link KindScopes} knows it, else true. */
    @Override
    public boolean namespaced(Map<String, Object> fields) {
        Object meta = fields.get("metadata");
        Object explicit = meta instanceof Map<?, ?> m ? m.get("namespaced") : null;
        if (explicit instanceof Boolean b) {
            return b;
        }
        if (explicit instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        Object apiVersion = fields.get("apiVersion");
        Object kind = fields.get("kind");
        if (apiVersion == null || kind == null) {
            return true;
        }
        return scopes.namespaced(String.valueOf(apiVersion).trim(), String.valueOf(kind).trim()).orElse(true);
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
        meta.bool("namespaced", true); // type-checked; namespaced(rendered) reads it
        boolean namespaced = namespaced(rendered);

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
            throw new InvalidEntryException(meta.path("namespace") + ": a cluster-scoped " + kind + " has no namespace (leave metadata.namespace out)");
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
     * Ready when its own {@code Ready} condition is true (the convention of most operators: cert-manager, Crossplane,
     * Orkestra itself), or when it has no {@code Ready} condition at all (a kind without a controller, or whose
     * controller reports nothing: ready once it exists). Not ready while its controller has not seen the current spec,
     * when it reports {@code status.observedGeneration}.
     */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus status = LiveStatus.of(live);
        if (!status.statusText("observedGeneration").isEmpty() && !status.observedCurrentGeneration()) {
            return Readiness.waiting("its controller has not seen the latest spec yet");
        }
        return status.condition("Ready")
                .map(c -> "True".equals(c.get("status")) ? Readiness.READY
                        : Readiness.waiting("Ready is " + c.get("status") + explainSuffix(c)))
                .orElse(Readiness.READY);
    }

    private static String explainSuffix(Map<?, ?> condition) {
        String why = LiveStatus.explain(condition);
        return why.isEmpty() ? "" : ": " + why;
    }
}
