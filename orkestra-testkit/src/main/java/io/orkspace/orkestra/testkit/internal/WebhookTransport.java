package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the API server reaches a webhook: a {@code clientConfig} ({@code url}, or {@code service} resolved through the
 * cluster's service routes) called over HTTPS with the JDK HttpClient, trusting only the {@code caBundle}. One client per
 * CA bundle, kept. Calls block the calling worker thread, never the store lock.
 */
public final class WebhookTransport {
  /** A call that did not produce a usable answer; the failure policy decides what it means. */
  static final class CallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, URI> serviceRoutes = new ConcurrentHashMap<>();
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  /** Where a Service's port is reachable from this JVM, e.g. {@code https://127.0.0.1:9443}. */
  public void route(String namespace, String name, int port, URI base) {
    serviceRoutes.put(namespace + "/" + name + ":" + port, base);
  }

  public void unroute(String namespace, String name, int port) {
    serviceRoutes.remove(namespace + "/" + name + ":" + port);
  }

  public void clearRoutes() {
    serviceRoutes.clear();
  }

  /** The URL a clientConfig names (for messages, as the API server prints it). */
  String describe(JsonNode clientConfig) {
    String url = Json.text(clientConfig, "url");
    if (url != null) {
      return url;
    }
    JsonNode svc = clientConfig.path("service");
    return "https://" + Json.text(svc, "name") + "." + Json.text(svc, "namespace") + ".svc:" + svc.path("port").asInt(443)
        + (Json.text(svc, "path") == null ? "" : Json.text(svc, "path"));
  }

  /** POSTs a review and returns the parsed answer. */
  ObjectNode post(JsonNode clientConfig, ObjectNode review, Duration timeout) throws CallFailure {
    URI uri = resolve(clientConfig);
    HttpClient client = client(Json.text(clientConfig, "caBundle"));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(review))).build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new CallFailure("Post \"" + describe(clientConfig) + "\": context deadline exceeded");
    } catch (IOException e) {
      throw new CallFailure("Post \"" + describe(clientConfig) + "\": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailure("Post \"" + describe(clientConfig) + "\": interrupted");
    }
    if (response.statusCode() != 200) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new CallFailure("the server responded with the status code " + response.statusCode() + ": "
          + (body.length() > 300 ? body.substring(0, 300) : body));
    }
    try {
      JsonNode answer = Json.MAPPER.readTree(response.body());
      if (answer == null || !answer.isObject()) {
        throw new CallFailure("the response is not a JSON object");
      }
      return (ObjectNode) answer;
    } catch (IOException e) {
      throw new CallFailure("the response could not be decoded: " + e.getMessage());
    }
  }

  private URI resolve(JsonNode clientConfig) throws CallFailure {
    String url = Json.text(clientConfig, "url");
    if (url != null) {
      try {
        return URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new CallFailure("invalid url " + url + ": " + e.getMessage());
      }
    }
    JsonNode svc = clientConfig.get("service");
    if (svc == null || !svc.isObject()) {
      throw new CallFailure("the clientConfig has neither url nor service");
    }
    int port = svc.path("port").asInt(443);
    URI base = serviceRoutes.get(Json.text(svc, "namespace") + "/" + Json.text(svc, "name") + ":" + port);
    if (base == null) {
      throw new CallFailure("Post \"" + describe(clientConfig) + "\": service \"" + Json.text(svc, "namespace") + "/"
          + Json.text(svc, "name") + ":" + port + "\" is not routed (EmbeddedCluster.webhookServices().route(...))");
    }
    String path = Json.text(svc, "path");
    String b = base.toString().replaceAll("/+$", "");
    return URI.create(b + (path == null ? "" : path.startsWith("/") ? path : "/" + path));
  }

  private HttpClient client(String caBundle) throws CallFailure {
    String key = caBundle == null ? "" : caBundle;
    HttpClient c = clients.get(key);
    if (c != null) {
      return c;
    }
    SSLContext ssl = trusting(caBundle);
    c = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    HttpClient raced = clients.putIfAbsent(key, c);
    return raced == null ? c : raced;
  }

  /** An SSLContext trusting the base64 PEM bundle only; without a bundle, the JVM's default trust store (as the API server uses its system roots). */
  private static SSLContext trusting(String caBundle) throws CallFailure {
    try {
      if (caBundle == null || caBundle.isEmpty()) {
        return SSLContext.getDefault();
      }
      byte[] pem = Base64.getMimeDecoder().decode(caBundle);
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (certs.isEmpty()) {
        throw new CallFailure("caBundle holds no certificate");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate cert : certs) {
        ks.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
      throw new CallFailure("invalid caBundle: " + e.getMessage());
    }
  }
}
