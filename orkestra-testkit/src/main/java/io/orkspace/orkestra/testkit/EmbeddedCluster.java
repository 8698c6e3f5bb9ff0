package io.orkspace.orkestra.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.orkspace.orkestra.testkit.internal.ApiServer;
import io.orkspace.orkestra.testkit.internal.ServingCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An in-memory Kubernetes API server in this JVM: real HTTP, real watches, the API server's semantics (resourceVersions,
 * selectors, server-side apply, status subresources, finalizers, garbage collection), on a free local port.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
 *   KubernetesClient client = cluster.client();
 *   client.configMaps().inNamespace("default").resource(configMap).create();
 *   assertThat(cluster.requests().count("create", "configmaps")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Namespaces {@code default}, {@code kube-system}, {@code kube-public} and {@code kube-node-lease} exist from the
 * start; as on a real cluster, namespaced objects need their namespace to exist.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final ApiServer server;
  private final String host;
  private final ServingCertificate tls;
  private final Requests requests;
  private final Faults faults;
  private final Controllers controllers;
  private final WebhookServices webhookServices;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private KubernetesClient client;
  private Path kubeconfig;

  private EmbeddedCluster(ApiServer server, String host, ServingCertificate tls) {
    this.server = server;
    this.host = host;
    this.tls = tls;
    this.requests = new Requests(server.api().traffic());
    this.faults = new Faults(server.api().traffic(), server.api());
    this.controllers = new Controllers(server.api());
    this.webhookServices = new WebhookServices(server.api().webhooks());
  }

  /** Starts a cluster on a free port of 127.0.0.1. */
  public static EmbeddedCluster start() {
    return start(EmbeddedClusterOptions.DEFAULTS);
  }

  public static EmbeddedCluster start(EmbeddedClusterOptions options) {
    ServingCertificate tls = options.tls() ? ServingCertificate.generate(options.host()) : null;
    ApiServer server = ApiServer.start(options.host(), options.port(), options.watchHistory(), options.bookmarkInterval(), options.workerThreads(),
        tls);
    return new EmbeddedCluster(server, options.host(), tls);
  }

  /** The API server URL, e.g. {@code http://127.0.0.1:41234}, or {@code https://…} with {@code withTls(true)}. */
  public String url() {
    return (tls == null ? "http://" : "https://") + host + ":" + server.port();
  }

  /** The CA (PEM) the HTTPS server's certificate is signed by, or null when the cluster serves plain HTTP. */
  public String caCertificatePem() {
    return tls == null ? null : tls.caPem();
  }

  public int port() {
    return server.port();
  }

  /** A shared fabric8 client for this cluster (namespace "default"); closed with the cluster. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  /**
   * A new fabric8 client; closed with the cluster. Its own request retries are off, so injected faults reach the caller
   * instead of being retried away inside the client.
   */
  public synchronized KubernetesClient newClient() {
    KubernetesClient c = new KubernetesClientBuilder().withConfig(config()).build();
    clients.add(c);
    return c;
  }

  /** The fabric8 configuration the clients use, to build clients of your own. */
  public Config config() {
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default").withRequestRetryBackoffLimit(0);
    // over HTTPS, trust the generated CA only (the certificate is checked, host name included)
    return (tls == null ? b.withTrustCerts(true) : b.withTrustCerts(false).withCaCertData(tls.caBase64())).build();
  }

  /** Writes a kubeconfig for this cluster (once, in a temporary folder removed on close) and returns its path. */
  public synchronized Path kubeconfig() {
    if (kubeconfig == null) {
      try {
        Path dir = Files.createTempDirectory("orkestra-embedded-");
        kubeconfig = writeKubeconfig(dir.resolve("kubeconfig"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return kubeconfig;
  }

  /** Writes a kubeconfig for this cluster to the given file (kept after close) and returns it. */
  public Path writeKubeconfig(Path file) {
    String yaml = Stream.of(
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: orkestra-embedded",
        "  cluster:",
        "    server: " + url(),
        tls == null ? null : "    certificate-authority-data: " + tls.caBase64(),
        "contexts:",
        "- name: orkestra-embedded",
        "  context:",
        "    cluster: orkestra-embedded",
        "    user: orkestra-embedded",
        "    namespace: default",
        "current-context: orkestra-embedded",
        "users:",
        "- name: orkestra-embedded",
        // over HTTPS without credentials kubectl asks for a user name; the server accepts any token
        tls == null ? "  user: {}" : "  user: {token: orkestra-embedded}",
        "preferences: {}",
        "").filter(Objects::nonNull).collect(Collectors.joining("\n"));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Request counters and log. */
  public Requests requests() {
    return requests;
  }

  /** Fault injection. */
  public Faults faults() {
    return faults;
  }

  /** Stand-ins for kube-controller-manager (Deployments ready, Jobs complete…), all off at start. */
  public Controllers controllers() {
    return controllers;
  }

  /**
   * Where webhook Services are reachable: a webhook or CRD conversion whose {@code clientConfig} names a Service is
   * called at the URL routed here (a {@code url} clientConfig is called as it is).
   */
  public WebhookServices webhookServices() {
    return webhookServices;
  }

  /** Stops the clients it made and the server, and removes the temporary kubeconfig. */
  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    server.close();
    if (kubeconfig != null) {
      try {
        Files.deleteIfExists(kubeconfig);
        Files.deleteIfExists(kubeconfig.getParent());
      } catch (IOException ignored) {
        // a temporary file; nothing else to do
      }
    }
  }
}
