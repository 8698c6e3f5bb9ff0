package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * CRD conversion, as the API server does it. With {@code spec.conversion.strategy: Webhook}, objects are stored in the
 * CRD's storage version and every read, list, watch event or write in another served version goes through the
 * conversion webhook (a ConversionReview v1; lists in one batch). With {@code None} (or no conversion), only
 * {@code apiVersion} changes. Objects stored before the webhook was set keep their version until rewritten, and are
 * converted from it. Never called under the store lock.
 */
final class Conversions {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Store store;
  private final WebhookTransport transport;

  /** The conversion a CRD declares: its storage version and, for the Webhook strategy, the webhook's clientConfig. */
  private record Crd(String storageVersion, JsonNode clientConfig) {}

  Conversions(Store store, WebhookTransport transport) {
    this.store = store;
    this.transport = transport;
  }

  /** Whether the type is a custom resource whose CRD converts through a webhook. */
  boolean webhook(ResourceType type) {
    Crd c = crd(type);
    return c != null && c.clientConfig() != null;
  }

  /** The version objects of the type are stored in: the CRD's storage version with a webhook, else the request's. */
  Route storageRoute(Route r) {
    Crd c = crd(r.type());
    if (c == null || c.clientConfig() == null || c.storageVersion().equals(r.version())) {
      return r;
    }
    return new Route(r.type(), c.storageVersion(), r.namespace(), r.name(), r.subresource());
  }

  /** A stored (or written) object as the given version shows it. */
  ObjectNode toVersion(ResourceType type, ObjectNode obj, String version) {
    if (obj == null) {
      return null;
    }
    return toVersion(type, List.of(obj), version).get(0);
  }

  /** Objects as the given version shows them, converted in one review. */
  List<ObjectNode> toVersion(ResourceType type, List<ObjectNode> objs, String version) {
    String target = type.apiVersion(version);
    Crd c = crd(type);
    List<ObjectNode> out = new ArrayList<>(objs.size());
    List<Integer> pending = new ArrayList<>();
    for (ObjectNode o : objs) {
      if (target.equals(Json.text(o, "apiVersion")) || c == null || c.clientConfig() == null) {
        out.add(Objects.render(o, target));
      } else {
        pending.add(out.size());
        out.add(o);
      }
    }
    if (!pending.isEmpty()) {
      List<ObjectNode> sources = new ArrayList<>();
      pending.forEach(i -> sources.add(out.get(i)));
      List<ObjectNode> converted = convert(type, c, sources, target);
      for (int i = 0; i < pending.size(); i++) {
        out.set(pending.get(i), converted.get(i));
      }
    }
    return out;
  }

  /** An object written in some version, as it is stored. */
  ObjectNode toStorage(ResourceType type, ObjectNode obj) {
    Crd c = crd(type);
    return c == null || c.clientConfig() == null ? obj : toVersion(type, obj, c.storageVersion());
  }

  private List<ObjectNode> convert(ResourceType type, Crd c, List<ObjectNode> objects, String target) {
    String what = "conversion webhook for " + type.apiVersion(c.storageVersion()) + ", Kind=" + type.kind();
    ObjectNode review = Json.object();
    review.put("apiVersion", "apiextensions.k8s.io/v1");
    review.put("kind", "ConversionReview");
    ObjectNode request = review.putObject("request");
    String uid = UUID.randomUUID().toString();
    request.put("uid", uid);
    request.put("desiredAPIVersion", target);
    ArrayNode items = request.putArray("objects");
    objects.forEach(items::add);
    ObjectNode answer;
    try {
      answer = transport.post(c.clientConfig(), review, TIMEOUT);
    } catch (WebhookTransport.CallFailure e) {
      throw ApiException.internal(what + " failed: " + e.getMessage());
    }
    JsonNode response = answer.path("response");
    if (!"Success".equals(Json.text(response.path("result"), "status"))) {
      String msg = Json.text(response.path("result"), "message");
      throw ApiException.internal(what + " failed: " + (msg == null ? "the conversion failed without a message" : msg));
    }
    if (!uid.equals(Json.text(response, "uid"))) {
      throw ApiException.internal(what + " failed: expected response.uid=\"" + uid + "\", got \"" + Json.text(response, "uid") + "\"");
    }
    JsonNode converted = response.path("convertedObjects");
    if (!converted.isArray() || converted.size() != objects.size()) {
      throw ApiException.internal(what + " failed: returned " + converted.size() + " objects, expected " + objects.size());
    }
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      JsonNode o = converted.get(i);
      if (!o.isObject() || !target.equals(Json.text(o, "apiVersion"))) {
        throw ApiException.internal(what + " failed: object " + i + " came back as " + Json.text(o, "apiVersion") + ", expected " + target);
      }
      ObjectNode result = ((ObjectNode) o).deepCopy();
      // as the API server does: a conversion may change labels and annotations, nothing else in metadata
      ObjectNode meta = objects.get(i).path("metadata").isObject() ? ((ObjectNode) objects.get(i).get("metadata")).deepCopy() : Json.object();
      for (String keep : List.of("labels", "annotations")) {
        JsonNode v = result.path("metadata").get(keep);
        if (v != null) {
          meta.set(keep, v);
        } else {
          meta.remove(keep);
        }
      }
      result.set("metadata", meta);
      result.put("kind", type.kind());
      out.add(result);
    }
    return out;
  }

  /** The CRD's conversion settings, or null for built-in types. */
  private Crd crd(ResourceType type) {
    if (type.listTypes() instanceof BuiltInListTypes) {
      return null;
    }
    ObjectNode crd = store.get(BuiltInTypes.CRD.storageKey(), null, type.plural() + "." + type.group());
    if (crd == null) {
      return null;
    }
    String storage = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        storage = Json.text(v, "name");
      }
    }
    JsonNode conversion = crd.path("spec").path("conversion");
    boolean webhook = "Webhook".equals(Json.text(conversion, "strategy")) && conversion.path("webhook").path("clientConfig").isObject();
    return new Crd(storage, webhook ? conversion.path("webhook").path("clientConfig") : null);
  }
}
