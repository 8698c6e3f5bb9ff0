package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkspace.orkestra.testkit.internal.ListTypes.ListType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply: merges an apply configuration into the live object by the kind's list types, detects conflicts
 * with other managers, removes fields the manager stopped applying (when nobody else owns them) and records ownership.
 */
final class ServerSideApply {
  private ServerSideApply() {}

  /**
   * Returns the new object (a fresh tree) with managedFields updated; the caller detects no-ops by comparing with live.
   *
   * @param live the current object, or null to create
   * @param applied the apply configuration (already stripped to what the subresource may touch)
   */
  static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource,
      String apiVersion, String time) {
    ListTypes types = type.listTypes();
    ManagedFields mf = ManagedFields.of(live);
    FieldSet newSet = FieldSet.of(applied, types);
    ManagedFields.Entry mine = mf.find(manager, "Apply", subresource);
    FieldSet prevSet = mine == null ? new FieldSet() : mine.fields;

    // conflicts: a field another manager owns that this apply would change
    Map<List<String>, List<String>> conflicts = new LinkedHashMap<>();
    if (live != null) {
      newSet.members((path, leaf) -> {
        if (!path.get(path.size() - 1).startsWith("f:")) {
          return;
        }
        JsonNode current = FieldSet.valueAt(live, path);
        if (current == null || current.equals(FieldSet.valueAt(applied, path))) {
          return;
        }
        for (ManagedFields.Entry e : mf.entries) {
          if (e != mine && e.fields.has(path)) {
            conflicts.computeIfAbsent(path, p -> new ArrayList<>()).add(e.manager);
          }
        }
      });
    }
    if (!conflicts.isEmpty()) {
      if (!force) {
        throw conflict(type, Objects.name(applied), conflicts);
      }
      for (ManagedFields.Entry e : mf.entries) {
        if (e != mine) {
          conflicts.keySet().forEach(e.fields::remove);
        }
      }
    }

    ObjectNode result = live == null ? Json.object() : live.deepCopy();
    mergeMap(result, applied, List.of(), types);

    // fields this manager applied before but not now, and nobody else owns, go away
    List<List<String>> dropped = new ArrayList<>();
    prevSet.members((path, leaf) -> {
      if (!newSet.hasAnyUnder(path) && mf.entries.stream().noneMatch(e -> e != null && e != mine && e.fields.hasAnyUnder(path))) {
        dropped.add(path);
      }
    });
    dropped.sort((a, b) -> b.size() - a.size());
    for (List<String> path : dropped) {
      if (FieldSet.removeAt(result, path)) {
        pruneEmptyParents(result, path.subList(0, path.size() - 1), newSet, mf, mine);
      }
    }

    if (mine == null || !mine.fields.equals(newSet)) {
      if (mine == null) {
        mf.entries.add(new ManagedFields.Entry(manager, "Apply", subresource, apiVersion, time, newSet));
      } else {
        mine.fields = newSet;
        mine.apiVersion = apiVersion;
        mine.time = time;
      }
    }
    mf.writeTo(result);
    return result;
  }

  private static void pruneEmptyParents(ObjectNode obj, List<String> path, FieldSet newSet, ManagedFields mf, ManagedFields.Entry mine) {
    while (!path.isEmpty() && path.get(path.size() - 1).startsWith("f:")) {
      JsonNode v = FieldSet.valueAt(obj, path);
      if (v == null || !v.isContainerNode() || !v.isEmpty() || newSet.node(path) != null) {
        return;
      }
      List<String> p = path;
      if (mf.entries.stream().anyMatch(e -> e != mine && e.fields.node(p) != null)) {
        return;
      }
      FieldSet.removeAt(obj, path);
      path = path.subList(0, path.size() - 1);
    }
  }

  /** Merges an apply configuration into a (mutable) live map. */
  static void mergeMap(ObjectNode live, JsonNode applied, List<String> path, ListTypes types) {
    applied.properties().forEach(e -> {
      String f = e.getKey();
      JsonNode av = e.getValue();
      JsonNode lv = live.get(f);
      List<String> p = FieldSet.append(path, f);
      if (av.isNull()) {
        live.remove(f);
      } else if (av.isObject() && lv != null && lv.isObject()) {
        mergeMap((ObjectNode) lv, av, p, types);
      } else if (av.isArray() && lv != null && lv.isArray()) {
        live.set(f, mergeList((ArrayNode) lv, (ArrayNode) av, p, types));
      } else {
        live.set(f, av.deepCopy());
      }
    });
  }

  private static JsonNode mergeList(ArrayNode live, ArrayNode applied, List<String> path, ListTypes types) {
    ListType lt = types.at(path);
    if (lt.kind() == ListType.Kind.MAP && FieldSet.keyed(live, lt) && FieldSet.keyed(applied, lt)) {
      ArrayNode out = live.deepCopy();
      for (JsonNode item : applied) {
        int i = FieldSet.indexOf(out, FieldSet.itemKey(item, lt));
        if (i < 0) {
          out.add(item.deepCopy());
        } else {
          mergeMap((ObjectNode) out.get(i), item, path, types);
        }
      }
      return out;
    }
    if (lt.kind() == ListType.Kind.SET) {
      ArrayNode out = live.deepCopy();
      for (JsonNode item : applied) {
        boolean present = false;
        for (JsonNode l : out) {
          present |= l.equals(item);
        }
        if (!present) {
          out.add(item.deepCopy());
        }
      }
      return out;
    }
    return applied.deepCopy();
  }

  private static ApiException conflict(ResourceType type, String name, Map<List<String>, List<String>> conflicts) {
    ArrayNode causes = Json.MAPPER.createArrayNode();
    List<String> lines = new ArrayList<>();
    conflicts.forEach((path, managers) -> {
      for (String m : managers) {
        ObjectNode c = causes.addObject();
        c.put("reason", "FieldManagerConflict");
        c.put("message", "conflict with \"" + m + "\"");
        c.put("field", FieldSet.describe(path));
        lines.add("conflict with \"" + m + "\": " + FieldSet.describe(path));
      }
    });
    String message = "Apply failed with " + lines.size() + " conflict" + (lines.size() == 1 ? "" : "s") + ": " + String.join("\n", lines);
    return ApiException.conflict(type, name, message, causes);
  }
}
