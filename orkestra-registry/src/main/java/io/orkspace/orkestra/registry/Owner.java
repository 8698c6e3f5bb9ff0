package io.orkspace.orkestra.registry;

/**
 * The custom resource that owns the children being built: where its owner reference and labels come from.
 *
 * @param apiVersion the CR's apiVersion ({@code example.com/v1})
 * @param kind       the CR's kind
 * @param name       the CR's name
 * @param namespace  the CR's namespace, null for a cluster-scoped CR
 * @param uid        the CR's uid (empty when rendering offline from a file without one)
 * @param namespaced whether the CR is namespaced
 */
public record Owner(String apiVersion, String kind, String name, String namespace, String uid, boolean namespaced) {
}
