package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the metadata of stored objects (Jackson trees). Stored trees are never mutated: writers copy first. */
final class Objects {
  private Objects() {}

  static String name(ObjectNode obj) {
    return Json.path(obj, "metadata.name");
  }

  static String namespace(ObjectNode obj) {
    return Json.path(obj, "metadata.namespace");
  }

  static String uid(ObjectNode obj) {
    return Json.path(obj, "metadata.uid");
  }

  static long resourceVersion(ObjectNode obj) {
    String rv = Json.path(obj, "metadata.resourceVersion");
    return rv == null ? 0 : Long.parseLong(rv);
  }

  static boolean terminating(ObjectNode obj) {
    return Json.path(obj, "metadata.deletionTimestamp") != null;
  }

  static List<String> finalizers(ObjectNode obj) {
    List<String> out = new ArrayList<>();
    JsonNode f = obj.path("metadata").get("finalizers");
    if (f != null && f.isArray()) {
      f.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  static void setFinalizers(ObjectNode obj, List<String> finalizers) {
    ObjectNode meta = Json.meta(obj);
    if (finalizers.isEmpty()) {
      meta.remove("finalizers");
    } else {
      ArrayNode a = meta.putArray("finalizers");
      finalizers.forEach(a::add);
    }
  }

  /** Owner uids from metadata.ownerReferences. */
  static List<String> ownerUids(ObjectNode obj) {
    List<String> out = new ArrayList<>();
    JsonNode refs = obj.path("metadata").get("ownerReferences");
    if (refs != null && refs.isArray()) {
      refs.forEach(r -> {
        String uid = Json.text(r, "uid");
        if (uid != null) {
          out.add(uid);
        }
      });
    }
    return out;
  }

  /** The object as a client asked for it: same content, the requested apiVersion (conversion strategy None). */
  static ObjectNode render(ObjectNode obj, String apiVersion) {
    if (apiVersion == null || apiVersion.equals(Json.text(obj, "apiVersion")) || "Status".equals(Json.text(obj, "kind"))) {
      return obj;
    }
    ObjectNode copy = obj.deepCopy();
    copy.put("apiVersion", apiVersion);
    return copy;
  }
}
