package io.orkspace.orkestra.testkit;

import io.orkspace.orkestra.testkit.internal.WebhookTransport;
import java.net.URI;

/**
 * The embedded cluster's Service network, as far as webhooks need it. A real API server reaches a webhook whose
 * {@code clientConfig.service} is {@code orkestra.ops:443} through the cluster's Service; here, a test (or a runtime
 * that runs its webhook server in this JVM) says where that Service answers:
 *
 * <pre>{@code
 * cluster.webhookServices().route("ops", "orkestra", 443, URI.create("https://127.0.0.1:" + server.port()));
 * }</pre>
 *
 * The service's {@code path} is appended to the routed URL. Calls are HTTPS and trust only the configuration's
 * {@code caBundle}, so the serving certificate must name the routed host (a self-signed {@code Certificates} names
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}). An unrouted Service is a failed call: the webhook's
 * {@code failurePolicy} decides.
 */
public final class WebhookServices {
  private final WebhookTransport transport;

  WebhookServices(WebhookTransport transport) {
    this.transport = transport;
  }

  /** Routes Service {@code namespace/name:port} to {@code base} (e.g. {@code https://127.0.0.1:9443}). */
  public WebhookServices route(String namespace, String name, int port, URI base) {
    transport.route(namespace, name, port, base);
    return this;
  }

  /** Removes a route: calls to the Service fail from now on. */
  public WebhookServices unroute(String namespace, String name, int port) {
    transport.unroute(namespace, name, port);
    return this;
  }

  /** Removes every route. */
  public WebhookServices clear() {
    transport.clearRoutes();
    return this;
  }
}
