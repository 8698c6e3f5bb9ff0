package io.orkspace.orkestra.registry;

import java.util.Optional;

/**
 * Whether the objects of an apiVersion and kind live in a namespace, as the API server's discovery says. The built-in
 * kinds know their scope; a {@code custom} entry's kind is looked up here unless the entry sets
 * {@code metadata.namespaced}. Rendering offline ({@code orkestra render}) uses {@link #UNKNOWN}: custom kinds are
 * taken as namespaced unless the entry says otherwise.
 */
@FunctionalInterface
public interface KindScopes {

    /** Knows no kind. */
    KindScopes UNKNOWN = (apiVersion, kind) -> Optional.empty();

    /** True for a namespaced kind, false for a cluster-scoped one, empty when not known (not served, or offline). */
    Optional<Boolean> namespaced(String apiVersion, String kind);
}
