package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A watch in a version that needs the conversion webhook. Events are published under the store lock, where no webhook
 * may be called, so they are queued here and converted in order on a shared pool; a failed conversion ends the watch
 * with an ERROR event, as the API server's watch does.
 */
final class ConvertingSink implements WatchHub.Sink {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "embedded-kube-watch-conversion-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final WatchHub.Sink sink;
  private final Conversions conversions;
  private final ResourceType type;
  private final String version;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean failed;
  private static final Object CLOSE = new Object();

  ConvertingSink(WatchHub.Sink sink, Conversions conversions, ResourceType type, String version) {
    this.sink = sink;
    this.conversions = conversions;
    this.type = type;
    this.version = version;
  }

  @Override
  public void send(ObjectNode event) {
    queue.add(event);
    schedule();
  }

  @Override
  public void close() {
    queue.add(CLOSE);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      POOL.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Object next;
      while ((next = queue.poll()) != null) {
        if (next == CLOSE) {
          sink.close();
        } else if (!failed) {
          deliver((ObjectNode) next);
        }
      }
    } finally {
      draining.set(false);
      if (!queue.isEmpty()) {
        schedule();
      }
    }
  }

  private void deliver(ObjectNode event) {
    JsonNode obj = event.get("object");
    String eventType = Json.text(event, "type");
    if (obj instanceof ObjectNode && !"ERROR".equals(eventType)) {
      ObjectNode o = (ObjectNode) obj;
      if ("BOOKMARK".equals(eventType)) {
        o.put("apiVersion", type.apiVersion(version));
      } else {
        try {
          event.set("object", conversions.toVersion(type, o, version));
        } catch (ApiException e) {
          failed = true;
          ObjectNode error = Json.object();
          error.put("type", "ERROR");
          error.set("object", e.status());
          sink.send(error);
          sink.close();
          return;
        }
      }
    }
    sink.send(event);
  }
}
