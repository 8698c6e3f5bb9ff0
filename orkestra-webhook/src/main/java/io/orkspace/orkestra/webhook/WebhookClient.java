package io.orkspace.orkestra.webhook;

/**
 * How the API server reaches the webhook server: through a Service (in a cluster) or a URL (the embedded API server,
 * a server outside the cluster). Exactly one of {@code service} and {@code url} is set.
 *
 * @param namespace the Service's namespace
 * @param service   the Service's name
 * @param port      the Service's port
 * @param url       base URL, e.g. {@code https://127.0.0.1:9443} (routes are appended)
 */
public record WebhookClient(String namespace, String service, int port, String url) {

    public WebhookClient {
        if ((service == null) == (url == null)) {
            throw new IllegalArgumentException("give either a Service or a URL");
        }
        if (url != null && !url.startsWith("https://")) {
            throw new IllegalArgumentException("the webhook URL must be https://, got " + url);
        }
    }

    /** Through a Service, the in-cluster way. */
    public static WebhookClient service(String namespace, String name, int port) {
        return new WebhookClient(namespace, name, port, null);
    }

    /** Through a URL ({@code https://host:port}). */
    public static WebhookClient url(String baseUrl) {
        return new WebhookClient(null, null, 0, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }
}
