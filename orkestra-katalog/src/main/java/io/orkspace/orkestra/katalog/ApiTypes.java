package io.orkspace.orkestra.katalog;

/**
 * The group, version, kind and plural a CRD entry operates on.
 *
 * @param group   API group ("" for the core group)
 * @param version API version
 * @param kind    Kind
 * @param plural  REST plural (lower-case)
 */
public record ApiTypes(String group, String version, String kind, String plural) {

    /** {@code group/version}, or just {@code version} for the core group. */
    public String apiVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    /**
     * Whether this is a Kubernetes kind (a ConfigMap, an apps/v1 Deployment) rather than a CRD's: the engine installs no
     * CRD for it and writes no status onto it.
     */
    public boolean builtIn() {
        return io.orkspace.orkestra.katalog.internal.BuiltInKinds.find(group == null ? "" : group, kind).isPresent();
    }
}
