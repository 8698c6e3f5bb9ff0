package io.orkspace.orkestra.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Plain HTTP against the embedded server, for what the fabric8 client hides (status codes, watch lines). */
final class RawHttp implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  RawHttp(EmbeddedCluster cluster) {
    this.base = cluster.url();
  }

  record Response(int code, JsonNode body, String text) {}

  Response send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = JSON.readTree(r.body());
      } catch (IOException notJson) {
        // plain text
      }
      return new Response(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response get(String path) {
    return send("GET", path, null, null);
  }

  /** Opens a watch over chunked HTTP; lines arrive in the returned queue. */
  Watch watch(String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).build();
    try {
      HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
      Watch w = new Watch(r.statusCode(), r.body());
      Thread t = new Thread(w::pump, "raw-watch");
      t.setDaemon(true);
      t.start();
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static final class Watch implements AutoCloseable {
    final int code;
    private final Stream<String> lines;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    volatile boolean ended;

    Watch(int code, Stream<String> lines) {
      this.code = code;
      this.lines = lines;
    }

    void pump() {
      try {
        for (Iterator<String> it = lines.iterator(); it.hasNext();) {
          events.add(JSON.readTree(it.next()));
        }
      } catch (Exception ignored) {
        // closed
      } finally {
        ended = true;
      }
    }

    /** The next event, or null after the timeout. */
    JsonNode next(Duration timeout) throws InterruptedException {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event that is not a BOOKMARK. */
    JsonNode nextChange(Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        JsonNode e = next(Duration.ofNanos(end - System.nanoTime()));
        if (e != null && !"BOOKMARK".equals(e.path("type").asText())) {
          return e;
        }
      }
      return null;
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() on Java 17
  }
}
