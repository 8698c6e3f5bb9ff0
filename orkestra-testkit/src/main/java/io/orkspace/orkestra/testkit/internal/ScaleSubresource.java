package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The {@code scale} subresource: an {@code autoscaling/v1} Scale view of Deployments, StatefulSets, ReplicaSets and of
 * custom resources whose CRD version declares it ({@code specReplicasPath}, {@code statusReplicasPath},
 * {@code labelSelectorPath}). Reads build the view; writes (PUT, merge or JSON patch) change only the replicas of the
 * object, as an update of the main resource (generation bumped, status kept).
 */
final class ScaleSubresource {
  private static final Set<String> BUILT_IN = Set.of("apps/deployments", "apps/statefulsets", "apps/replicasets");

  private final Store store;
  private final ResourceWrites writes;

  ScaleSubresource(Store store, ResourceWrites writes) {
    this.store = store;
    this.writes = writes;
  }

  /** Whether the type serves /scale in this version. */
  static boolean served(ResourceType type, String version) {
    return BUILT_IN.contains(type.storageKey()) || type.crd().scale(version) != null;
  }

  ObjectNode get(Route r) {
    return view(r, writes.existing(r));
  }

  /** PUT or PATCH of the Scale: the object's replicas set to the new spec.replicas. */
  ObjectNode write(Route r, ApiRequest req) {
    JsonNode body = Json.parse(req.body());
    String media = req.mediaType();
    return store.write(() -> {
      ObjectNode current = writes.existing(r);
      ObjectNode scale = view(r, current);
      JsonNode changed;
      if (req.method().equals("PUT")) {
        changed = body;
        String rv = Json.path(body, "metadata.resourceVersion");
        if (rv != null && !rv.isEmpty() && !rv.equals(Json.path(current, "metadata.resourceVersion"))) {
          throw ApiException.conflict(r.type(), r.name(), "the object has been modified; please apply your changes to the latest version and try again");
        }
      } else if ("application/json-patch+json".equals(media)) {
        changed = Patches.jsonPatch(scale, body, r.type(), r.name());
      } else if ("application/merge-patch+json".equals(media) || "application/strategic-merge-patch+json".equals(media)) {
        changed = Patches.mergePatch(scale, body);
      } else {
        throw ApiException.unsupportedMediaType(req.contentType());
      }
      JsonNode replicas = changed.path("spec").get("replicas");
      if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
        throw ApiException.invalid(r.type(), r.name(), "spec.replicas", "Invalid value: " + GoFormat.value(replicas)
            + ": must be greater than or equal to 0", "FieldValueInvalid");
      }
      ObjectNode desired = current.deepCopy();
      set(desired, specPath(r), replicas.asInt());
      Route main = new Route(r.type(), r.version(), r.namespace(), r.name(), null);
      return view(r, writes.finishUpdate(main, current, desired, req.fieldManager(), req.dryRun(), true));
    });
  }

  private ObjectNode view(Route r, ObjectNode obj) {
    ObjectNode s = Json.object();
    s.put("kind", "Scale");
    s.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      JsonNode v = obj.path("metadata").get(f);
      if (v != null) {
        meta.set(f, v);
      }
    }
    JsonNode spec = get(obj, specPath(r));
    s.putObject("spec").put("replicas", spec == null ? (BUILT_IN.contains(r.type().storageKey()) ? 1 : 0) : spec.asInt());
    ObjectNode status = s.putObject("status");
    JsonNode replicas = get(obj, statusPath(r));
    status.put("replicas", replicas == null ? 0 : replicas.asInt());
    String selector = selector(r, obj);
    if (selector != null) {
      status.put("selector", selector);
    }
    return s;
  }

  private static String specPath(Route r) {
    CrdVersions.Scale s = r.type().crd().scale(r.version());
    return s == null ? ".spec.replicas" : s.specReplicasPath();
  }

  private static String statusPath(Route r) {
    CrdVersions.Scale s = r.type().crd().scale(r.version());
    return s == null ? ".status.replicas" : s.statusReplicasPath();
  }

  /** A built-in's spec.selector as a label selector string; a custom resource's labelSelectorPath value. */
  private static String selector(Route r, ObjectNode obj) {
    CrdVersions.Scale s = r.type().crd().scale(r.version());
    if (s != null) {
      JsonNode v = s.labelSelectorPath() == null ? null : get(obj, s.labelSelectorPath());
      return v == null || !v.isTextual() ? null : v.asText();
    }
    JsonNode sel = obj.path("spec").path("selector");
    StringBuilder b = new StringBuilder();
    sel.path("matchLabels").properties().forEach(e -> b.append(b.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText()));
    for (JsonNode e : sel.path("matchExpressions")) {
      StringBuilder values = new StringBuilder();
      e.path("values").forEach(v -> values.append(values.length() == 0 ? "" : ",").append(v.asText()));
      String op = Json.text(e, "operator");
      String key = Json.text(e, "key");
      String expr = "Exists".equals(op) ? key : "DoesNotExist".equals(op) ? "!" + key
          : key + ("NotIn".equals(op) ? " notin (" : " in (") + values + ")";
      b.append(b.length() == 0 ? "" : ",").append(expr);
    }
    return b.toString();
  }

  private static JsonNode get(ObjectNode obj, String path) {
    JsonNode cur = obj;
    for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
      cur = cur == null ? null : cur.get(part);
    }
    return cur == null || cur.isNull() ? null : cur;
  }

  private static void set(ObjectNode obj, String path, int value) {
    String[] parts = path.replaceFirst("^\\.", "").split("\\.");
    ObjectNode cur = obj;
    for (int i = 0; i < parts.length - 1; i++) {
      cur = cur.withObjectProperty(parts[i]);
    }
    cur.put(parts[parts.length - 1], value);
  }
}
