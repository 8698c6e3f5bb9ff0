package io.orkspace.orkestra.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine serves and registers its webhooks (conversion, validation, mutation) when the Katalog asks for any.
 * One record, one defaults constant; {@code with...} derives variants.
 *
 * <pre>{@code
 * Orkestra.builder()...webhooks(WebhookSettings.DEFAULTS.withService("orkestra-system", "orkestra", 443)
 *         .withCertificateDir(Path.of("/tls")))   // cert-manager Secret mounted at /tls
 * }</pre>
 *
 * How the API server reaches the server: {@code url} when set (dev, the embedded API server, a server outside the
 * cluster); else the Service when {@code serviceName} is set; else, inside a cluster, the Service {@code orkestra} in the
 * pod's namespace, and outside one, {@code https://127.0.0.1:<port>}.
 *
 * @param enabled          serve and register when the Katalog has conversion, validation, mutation or webhooks (false: never)
 * @param host             address the server binds
 * @param port             the server's port (9443; 0 picks a free one)
 * @param certificateDir   a mounted Secret with {@code tls.crt}, {@code tls.key} (and {@code ca.crt}); null: a
 *                         self-signed CA generated at start
 * @param serviceNamespace the Service's namespace (with {@code serviceName})
 * @param serviceName      the Service in front of the server, or null
 * @param servicePort      the Service's port
 * @param url              the server's base URL as the API server sees it ({@code https://host:port}), or null
 * @param cleanupOnStop    delete the webhook configurations and set the CRDs' conversion back to {@code None} on stop
 * @param recheckInterval  how often the CA bundle is compared with the registered one (a rotated mount is re-registered)
 */
public record WebhookSettings(boolean enabled, String host, int port, Path certificateDir, String serviceNamespace,
                              String serviceName, int servicePort, String url, boolean cleanupOnStop, Duration recheckInterval) {

    public static final WebhookSettings DEFAULTS = new WebhookSettings(true, "0.0.0.0", 9443, null, null, null, 443, null, false,
            Duration.ofSeconds(30));

    public WebhookSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (port < 0 || port > 65535 || servicePort < 1 || servicePort > 65535) {
            throw new IllegalArgumentException("ports must be within 0..65535 (service port 1..65535)");
        }
        if (url != null && !url.startsWith("https://")) {
            throw new IllegalArgumentException("the webhook URL must be https://, got " + url);
        }
        if (serviceName != null && serviceNamespace == null) {
            throw new IllegalArgumentException("a webhook Service needs its namespace");
        }
    }

    /** Never serve or register webhooks. */
    public WebhookSettings disabled() {
        return new WebhookSettings(false, host, port, certificateDir, serviceNamespace, serviceName, servicePort, url, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withHost(String host) {
        return new WebhookSettings(enabled, host, port, certificateDir, serviceNamespace, serviceName, servicePort, url, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withPort(int port) {
        return new WebhookSettings(enabled, host, port, certificateDir, serviceNamespace, serviceName, servicePort, url, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withCertificateDir(Path dir) {
        return new WebhookSettings(enabled, host, port, dir, serviceNamespace, serviceName, servicePort, url, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withService(String namespace, String name, int port) {
        return new WebhookSettings(enabled, host, this.port, certificateDir, namespace, name, port, null, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withUrl(String url) {
        return new WebhookSettings(enabled, host, port, certificateDir, serviceNamespace, null, servicePort, url, cleanupOnStop, recheckInterval);
    }

    public WebhookSettings withCleanupOnStop(boolean cleanup) {
        return new WebhookSettings(enabled, host, port, certificateDir, serviceNamespace, serviceName, servicePort, url, cleanup, recheckInterval);
    }

    public WebhookSettings withRecheckInterval(Duration interval) {
        return new WebhookSettings(enabled, host, port, certificateDir, serviceNamespace, serviceName, servicePort, url, cleanupOnStop, interval);
    }
}
