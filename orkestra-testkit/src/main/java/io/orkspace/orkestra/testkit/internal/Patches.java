package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.orkspace.orkestra.testkit.internal.ListTypes.ListType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch for built-in kinds. */
final class Patches {
  private Patches() {}

  /** RFC 7386: objects merge recursively, null removes, anything else (arrays included) replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
    patch.properties().forEach(e -> {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    });
    return result;
  }

  /** RFC 6902; a malformed patch is a 400, a patch that does not apply (missing path, failed test) a 422. */
  static JsonNode jsonPatch(JsonNode target, JsonNode patch, ResourceType type, String name) {
    if (!patch.isArray()) {
      throw ApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    for (JsonNode op : patch) {
      if (!op.isObject() || !op.hasNonNull("op") || !op.hasNonNull("path")) {
        throw ApiException.badRequest("the JSON patch is malformed: each operation needs \"op\" and \"path\"");
      }
    }
    try {
      return JsonPatch.apply(patch, target);
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: " + e.getMessage(), null);
    }
  }

  /**
   * Strategic merge patch: a merge patch in which lists with merge keys merge by key, {@code $patch: delete|replace},
   * {@code $deleteFromPrimitiveList/<field>} and {@code $retainKeys} are honoured, {@code $setElementOrder} is ignored.
   */
  static JsonNode strategic(JsonNode target, JsonNode patch, ListTypes types) {
    if (!patch.isObject()) {
      throw ApiException.badRequest("the strategic merge patch must be a JSON object");
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
    strategicMap(result, (ObjectNode) patch, List.of(), types);
    return result;
  }

  private static void strategicMap(ObjectNode live, ObjectNode patch, List<String> path, ListTypes types) {
    String directive = Json.text(patch, "$patch");
    if ("replace".equals(directive)) {
      live.removeAll();
      patch.properties().forEach(e -> {
        if (!e.getKey().startsWith("$")) {
          live.set(e.getKey(), strip(e.getValue()));
        }
      });
      return;
    }
    List<String> retain = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      JsonNode pv = e.getValue();
      if (f.equals("$patch") || f.startsWith("$setElementOrder/")) {
        continue;
      }
      if (f.equals("$retainKeys")) {
        retain = new ArrayList<>();
        for (JsonNode k : pv) {
          retain.add(k.asText());
        }
        continue;
      }
      if (f.startsWith("$deleteFromPrimitiveList/")) {
        JsonNode list = live.get(f.substring("$deleteFromPrimitiveList/".length()));
        if (list != null && list.isArray()) {
          for (Iterator<JsonNode> items = list.iterator(); items.hasNext();) {
            JsonNode item = items.next();
            for (JsonNode del : pv) {
              if (del.equals(item)) {
                items.remove();
                break;
              }
            }
          }
        }
        continue;
      }
      List<String> p = FieldSet.append(path, f);
      JsonNode lv = live.get(f);
      if (pv.isNull()) {
        live.remove(f);
      } else if (pv.isObject() && "delete".equals(Json.text(pv, "$patch"))) {
        live.remove(f);
      } else if (pv.isObject()) {
        ObjectNode target = lv != null && lv.isObject() ? (ObjectNode) lv : live.putObject(f);
        strategicMap(target, (ObjectNode) pv, p, types);
      } else if (pv.isArray()) {
        live.set(f, strategicList(lv != null && lv.isArray() ? (ArrayNode) lv : Json.MAPPER.createArrayNode(), (ArrayNode) pv, p, types));
      } else {
        live.set(f, pv.deepCopy());
      }
    }
    if (retain != null) {
      List<String> keep = retain;
      live.properties().removeIf(e -> !keep.contains(e.getKey()));
    }
  }

  private static JsonNode strategicList(ArrayNode live, ArrayNode patch, List<String> path, ListTypes types) {
    for (JsonNode item : patch) {
      if (item.isObject() && "replace".equals(Json.text(item, "$patch"))) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        patch.forEach(i -> {
          if (!(i.isObject() && i.has("$patch"))) {
            out.add(strip(i));
          }
        });
        return out;
      }
    }
    ListType lt = types.at(path);
    if (lt.kind() == ListType.Kind.MAP && !lt.keys().isEmpty()) {
      String key = lt.keys().get(0);
      ArrayNode out = live.deepCopy();
      for (JsonNode item : patch) {
        if (!item.isObject() || !item.has(key)) {
          return strip(patch);
        }
        int i = indexBy(out, key, item.get(key));
        if ("delete".equals(Json.text(item, "$patch"))) {
          if (i >= 0) {
            out.remove(i);
          }
        } else if (i < 0) {
          out.add(strip(item));
        } else {
          strategicMap((ObjectNode) out.get(i), (ObjectNode) item, path, types);
        }
      }
      return out;
    }
    if (lt.kind() == ListType.Kind.SET) {
      ArrayNode out = live.deepCopy();
      for (JsonNode item : patch) {
        if (indexOf(out, item) < 0) {
          out.add(item.deepCopy());
        }
      }
      return out;
    }
    return strip(patch);
  }

  private static int indexBy(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(ArrayNode list, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** A copy without strategic-merge directives or nulls. */
  private static JsonNode strip(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = Json.object();
      node.properties().forEach(e -> {
        if (!e.getKey().startsWith("$") && !e.getValue().isNull()) {
          out.set(e.getKey(), strip(e.getValue()));
        }
      });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(i -> out.add(strip(i)));
      return out;
    }
    return node.deepCopy();
  }
}
