package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Watch events: a bounded history per resource (so a watch can start from a recent resourceVersion without replaying
 * everything, and gets 410 Gone when its version is too old) and the open watches. Publishing and subscribing happen
 * under the store's write lock, so every watch sees events in resourceVersion order with no gap and no duplicate.
 */
final class WatchHub {
  /** One change. {@code old} is the previous state for MODIFIED (needed to tell filtered watches ADDED/DELETED). */
  record Event(long rv, String type, String storageKey, ObjectNode object, ObjectNode old) {}

  /** Where a watch's lines go (chunked HTTP or WebSocket). Must not block. */
  interface Sink {
    void send(ObjectNode event);

    void close();
  }

  /** An open watch. */
  static final class Subscription {
    final String storageKey;
    final String namespace;
    final Predicate<ObjectNode> filter;
    final String apiVersion;
    final String kind;
    final boolean bookmarks;
    final Sink sink;
    volatile boolean open = true;

    Subscription(String storageKey, String namespace, Predicate<ObjectNode> filter, String apiVersion, String kind, boolean bookmarks, Sink sink) {
      this.storageKey = storageKey;
      this.namespace = namespace;
      this.filter = filter;
      this.apiVersion = apiVersion;
      this.kind = kind;
      this.bookmarks = bookmarks;
      this.sink = sink;
    }

    boolean matches(ObjectNode obj) {
      if (obj == null) {
        return false;
      }
      if (namespace != null && !namespace.equals(Json.path(obj, "metadata.namespace"))) {
        return false;
      }
      return filter.test(obj);
    }

    void deliver(Event e) {
      boolean now = matches(e.object());
      String type = e.type();
      if (type.equals("MODIFIED")) {
        boolean before = matches(e.old());
        if (now && !before) {
          type = "ADDED";
        } else if (!now && before) {
          type = "DELETED";
          now = true;
        }
      }
      if (now) {
        send(type, e.object());
      }
    }

    void send(String type, ObjectNode obj) {
      if (!open) {
        return;
      }
      ObjectNode line = Json.object();
      line.put("type", type);
      line.set("object", Objects.render(obj, apiVersion));
      sink.send(line);
    }

    void bookmark(long rv) {
      ObjectNode obj = Json.object();
      obj.put("kind", kind);
      obj.put("apiVersion", apiVersion);
      obj.putObject("metadata").put("resourceVersion", Long.toString(rv));
      send("BOOKMARK", obj);
    }

    void close() {
      if (open) {
        open = false;
        sink.close();
      }
    }
  }

  private static final class History {
    final ArrayDeque<Event> events = new ArrayDeque<>();
    long evictedUpTo;
  }

  private final int historyPerResource;
  private final Map<String, History> histories = new ConcurrentHashMap<>();
  private final Map<String, List<Subscription>> subscriptions = new ConcurrentHashMap<>();

  WatchHub(int historyPerResource) {
    this.historyPerResource = historyPerResource;
  }

  /** Called under the store lock. */
  void publish(Event e) {
    History h = histories.computeIfAbsent(e.storageKey(), k -> new History());
    h.events.addLast(e);
    while (h.events.size() > historyPerResource) {
      h.evictedUpTo = h.events.removeFirst().rv();
    }
    List<Subscription> subs = subscriptions.get(e.storageKey());
    if (subs != null) {
      for (Subscription s : subs) {
        s.deliver(e);
      }
    }
  }

  /**
   * Called under the store lock: replays the events after {@code fromRv} and registers the watch. 410 Gone when events
   * after {@code fromRv} were already evicted.
   */
  void subscribe(Subscription s, long fromRv) {
    History h = histories.get(s.storageKey);
    if (h != null) {
      if (fromRv < h.evictedUpTo) {
        throw ApiException.gone("too old resource version: " + fromRv + " (" + h.evictedUpTo + ")");
      }
      for (Event e : h.events) {
        if (e.rv() > fromRv) {
          s.deliver(e);
        }
      }
    }
    subscriptions.computeIfAbsent(s.storageKey, k -> new CopyOnWriteArrayList<>()).add(s);
  }

  void unsubscribe(Subscription s) {
    List<Subscription> subs = subscriptions.get(s.storageKey);
    if (subs != null) {
      subs.remove(s);
    }
  }

  void bookmarks(long rv) {
    for (List<Subscription> subs : subscriptions.values()) {
      for (Subscription s : subs) {
        if (s.bookmarks) {
          s.bookmark(rv);
        }
      }
    }
  }

  /** Ends every open watch, as an API server restart would. */
  void closeAll() {
    for (List<Subscription> subs : subscriptions.values()) {
      for (Iterator<Subscription> it = subs.iterator(); it.hasNext();) {
        Subscription s = it.next();
        s.close();
        subs.remove(s);
      }
    }
  }

  int openWatches() {
    return subscriptions.values().stream().mapToInt(List::size).sum();
  }
}
