package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/** GET, LIST (selectors, limit/continue) and WATCH. No locks, except to start a watch without a gap. */
final class ResourceReads {
  private final Store store;
  private final Conversions conversions;

  ResourceReads(Store store, Conversions conversions) {
    this.store = store;
    this.conversions = conversions;
  }

  ObjectNode get(Route r) {
    ObjectNode obj = store.get(r.type().storageKey(), r.namespace(), r.name());
    if (obj == null) {
      throw ApiException.notFound(r.type(), r.name());
    }
    return conversions.toVersion(r.type(), obj, r.version());
  }

  /** The objects a collection request selects (namespace, label and field selectors). */
  List<ObjectNode> select(Route r, ApiRequest req) {
    Predicate<ObjectNode> filter = filter(r, req);
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode obj : store.list(r.type().storageKey(), r.namespace())) {
      if (filter.test(obj)) {
        out.add(obj);
      }
    }
    return out;
  }

  ObjectNode list(Route r, ApiRequest req) {
    long rv = store.committed();
    Predicate<ObjectNode> filter = filter(r, req);
    long limit = parseLong(req.param("limit"), "limit");
    String after = null;
    String token = req.param("continue");
    if (token != null && !token.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
      }
    }
    List<ObjectNode> page = new ArrayList<>();
    String last = null;
    long remaining = 0;
    for (ObjectNode obj : store.list(r.type().storageKey(), r.namespace())) {
      String key = key(obj);
      if ((after != null && key.compareTo(after) <= 0) || !filter.test(obj)) {
        continue;
      }
      if (limit > 0 && page.size() >= limit) {
        remaining++;
        continue;
      }
      page.add(obj);
      last = key;
    }
    ObjectNode list = Json.object();
    list.put("apiVersion", r.apiVersion());
    list.put("kind", r.type().listKind());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (remaining > 0) {
      meta.put("continue", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
      meta.put("remainingItemCount", remaining);
    }
    ArrayNode items = list.putArray("items");
    conversions.toVersion(r.type(), page, r.version()).forEach(items::add); // one ConversionReview for the page
    return list;
  }

  /** Starts a watch: initial ADDED events when no resourceVersion (or "0") is given, else the events after it. */
  WatchHub.Subscription watch(Route r, ApiRequest req, WatchHub.Sink sink) {
    Predicate<ObjectNode> filter = filter(r, req);
    String rvParam = req.param("resourceVersion");
    boolean fromNow = rvParam == null || rvParam.isEmpty() || rvParam.equals("0");
    long fromRv = fromNow ? 0 : parseLong(rvParam, "resourceVersion");
    boolean convert = conversions.webhook(r.type());
    // with a conversion webhook, events leave the store as stored and are converted off the store lock
    WatchHub.Subscription s = new WatchHub.Subscription(r.type().storageKey(), r.namespace(), filter, convert ? null : r.apiVersion(),
        r.type().kind(), req.flag("allowWatchBookmarks"), convert ? new ConvertingSink(sink, conversions, r.type(), r.version()) : sink);
    if (fromNow) {
      store.write(() -> {
        for (ObjectNode obj : store.list(r.type().storageKey(), r.namespace())) {
          if (filter.test(obj)) {
            s.send("ADDED", obj);
          }
        }
        store.watches.subscribe(s, store.committed());
      });
    } else {
      store.watch(s, fromRv);
    }
    return s;
  }

  private static Predicate<ObjectNode> filter(Route r, ApiRequest req) {
    LabelSelector labels = LabelSelector.parse(req.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(req.param("fieldSelector"), r.type());
    String name = r.name();
    return obj -> (name == null || name.equals(Objects.name(obj))) && labels.test(obj) && fields.test(obj);
  }

  private static String key(ObjectNode obj) {
    String ns = Objects.namespace(obj);
    return (ns == null ? "" : ns) + "/" + Objects.name(obj);
  }

  private static long parseLong(String v, String what) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid " + what + ": \"" + v + "\"");
    }
  }
}
