package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.orkspace.orkestra.katalog.ApiTypes;
import io.orkspace.orkestra.katalog.Observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which primary CRs an observed object maps to, in the reference's order, the first rule that applies deciding:
 * <ol>
 *   <li>{@code keyFrom.label}: the object's label holds the CR's name ({@code name}: in the object's namespace;
 *       {@code namespace/name}); an object without the label maps to no CR;</li>
 *   <li>{@code keyFrom.name}: that CR ({@code keyFrom.namespace}, or every namespace holding a CR of that name);</li>
 *   <li>without {@code keyFrom}: the CRs its owner references name, when they point at the primary kind;</li>
 *   <li>otherwise every CR of the entry (a shared object: feature flags, a Node).</li>
 * </ol>
 * Only CRs the entry's informer holds are returned (the entry's namespace and selectors apply).
 */
final class KeyRouting {

    /** The CRs an entry's informer holds. */
    interface Primaries {
        Collection<String> keys();

        boolean has(String key);
    }

    private final ApiTypes primary;
    private final boolean namespaced;
    private final Primaries primaries;

    KeyRouting(ApiTypes primary, boolean namespaced, Primaries primaries) {
        this.primary = primary;
        this.namespaced = namespaced;
        this.primaries = primaries;
    }

    /** The keys ({@code namespace/name}, or {@code name} for a cluster-scoped kind) of the CRs the object maps to. */
    List<String> route(Optional<Observe.KeyFrom> keyFrom, GenericKubernetesResource object) {
        String namespace = object.getMetadata().getNamespace();
        Set<String> keys = new LinkedHashSet<>();
        if (keyFrom.isPresent() && keyFrom.get().label() != null) {
            Map<String, String> labels = object.getMetadata().getLabels();
            String value = labels == null ? null : labels.get(keyFrom.get().label());
            if (value != null && !value.isEmpty()) {
                if (value.contains("/")) {
                    keys.add(namespaced ? value : value.substring(value.indexOf('/') + 1));
                } else {
                    keys.addAll(named(value, namespace));
                }
            }
        } else if (keyFrom.isPresent()) {
            keys.addAll(named(keyFrom.get().name(), keyFrom.get().namespace()));
        } else {
            List<String> owners = owners(object);
            if (owners.isEmpty()) {
                return List.copyOf(primaries.keys()); // broadcast
            }
            keys.addAll(owners);
        }
        return keys.stream().filter(primaries::has).toList();
    }

    /** Whether the object maps to every CR (no keyFrom, no owner reference to the primary kind). */
    boolean everyCr(Optional<Observe.KeyFrom> keyFrom, GenericKubernetesResource object) {
        return keyFrom.isEmpty() && owners(object).isEmpty();
    }

    /** The CR of that name in that namespace; without a namespace, every CR of that name. */
    private List<String> named(String name, String namespace) {
        if (!namespaced) {
            return List.of(name);
        }
        if (namespace != null && !namespace.isEmpty()) {
            return List.of(namespace + "/" + name);
        }
        return primaries.keys().stream().filter(k -> k.substring(k.indexOf('/') + 1).equals(name)).toList();
    }

    private List<String> owners(GenericKubernetesResource object) {
        List<String> out = new ArrayList<>();
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return out;
        }
        for (OwnerReference ref : refs) {
            String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (primary.kind().equals(ref.getKind()) && primary.group().equals(group)) {
                String ns = object.getMetadata().getNamespace();
                out.add(namespaced && ns != null && !ns.isEmpty() ? ns + "/" + ref.getName() : ref.getName());
            }
        }
        return out;
    }
}
