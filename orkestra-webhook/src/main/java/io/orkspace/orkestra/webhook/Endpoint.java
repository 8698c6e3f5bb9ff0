package io.orkspace.orkestra.webhook;

/**
 * The review routes of the webhook server. Each takes an optional CRD entry name as a last path segment
 * ({@code /validate/website}); registrations made by Orkestra always name the entry, so routing never guesses.
 * Without it the server routes by the review's group and kind (see the handlers).
 */
public enum Endpoint {
    /** ConversionReview ({@code apiextensions.k8s.io/v1}). */
    CONVERT("/convert"),
    /** AdmissionReview ({@code admission.k8s.io/v1}) for validation. */
    VALIDATE("/validate"),
    /** AdmissionReview ({@code admission.k8s.io/v1}) for mutation. */
    MUTATE("/mutate");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** {@code /convert}. */
    public String path() {
        return path;
    }

    /** {@code /convert/<entry>}: the route naming one CRD entry. */
    public String path(String entryName) {
        return path + "/" + entryName;
    }
}
