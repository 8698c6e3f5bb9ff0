package io.orkspace.orkestra.registry;

/**
 * The apiVersion and kind of the objects an entry builds, known before any CR is rendered: the handler's for a
 * built-in kind, the entry's own {@code apiVersion} and {@code kind} for a {@code custom} one.
 *
 * @param apiVersion {@code apps/v1}, {@code cert-manager.io/v1}
 * @param kind       {@code Deployment}, {@code Certificate}
 * @param plural     the resource name the API server serves it under, or null for a custom kind (discovery knows it)
 */
public record ChildKind(String apiVersion, String kind, String plural) {

    /** The API group: "" for the core group ({@code v1}). */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Whether the kind comes from a {@code custom} entry (its plural and scope are the API server's to say). */
    public boolean custom() {
        return plural == null;
    }

    @Override
    public String toString() {
        return apiVersion + " " + kind;
    }
}
