package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkspace.orkestra.testkit.internal.ListTypes.ListType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A set of field paths in the API server's {@code FieldsV1} form: {@code f:name} for fields, {@code k:{"name":"c"}} for
 * items of keyed lists, {@code v:"x"} for items of sets, {@code .} for the item itself.
 */
final class FieldSet {
  /** Top-level metadata the server owns; never part of a manager's fields. */
  private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink", "generateName");

  final Map<String, FieldSet> children = new TreeMap<>();
  boolean member;

  /** The fields set in an object (or in an apply configuration). */
  static FieldSet of(ObjectNode obj, ListTypes types) {
    FieldSet root = new FieldSet();
    obj.properties().forEach(e -> {
      String f = e.getKey();
      if (f.equals("apiVersion") || f.equals("kind")) {
        return;
      }
      if (f.equals("metadata") && e.getValue().isObject()) {
        FieldSet meta = new FieldSet();
        e.getValue().properties().forEach(m -> {
          if (!SERVER_METADATA.contains(m.getKey())) {
            walk(m.getValue(), List.of("metadata", m.getKey()), meta.child("f:" + m.getKey()), types);
          }
        });
        if (!meta.isEmpty()) {
          root.children.put("f:metadata", meta);
        }
        return;
      }
      walk(e.getValue(), List.of(f), root.child("f:" + f), types);
    });
    return root;
  }

  private static void walk(JsonNode v, List<String> path, FieldSet fs, ListTypes types) {
    if (v.isObject() && !v.isEmpty()) {
      v.properties().forEach(e -> walk(e.getValue(), append(path, e.getKey()), fs.child("f:" + e.getKey()), types));
      return;
    }
    if (v.isArray() && !v.isEmpty()) {
      ListType lt = types.at(path);
      if (lt.kind() == ListType.Kind.MAP && keyed(v, lt)) {
        for (JsonNode item : v) {
          FieldSet itemSet = fs.child(itemKey(item, lt));
          itemSet.member = true;
          item.properties().forEach(e -> walk(e.getValue(), append(path, e.getKey()), itemSet.child("f:" + e.getKey()), types));
        }
        return;
      }
      if (lt.kind() == ListType.Kind.SET && v.valueStream().noneMatch(JsonNode::isContainerNode)) {
        for (JsonNode item : v) {
          fs.child("v:" + Json.string(item)).member = true;
        }
        return;
      }
    }
    fs.member = true;
  }

  /** Whether every item of a list is an object with all the list's keys (else the list is treated as atomic). */
  static boolean keyed(JsonNode list, ListType lt) {
    for (JsonNode item : list) {
      if (!item.isObject()) {
        return false;
      }
      for (String k : lt.keys()) {
        if (!item.has(k) || item.get(k).isContainerNode()) {
          return false;
        }
      }
    }
    return true;
  }

  static String itemKey(JsonNode item, ListType lt) {
    ObjectNode key = Json.object();
    lt.keys().forEach(k -> key.set(k, item.get(k)));
    return "k:" + Json.string(key);
  }

  static List<String> append(List<String> path, String field) {
    List<String> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(field);
    return p;
  }

  FieldSet child(String key) {
    return children.computeIfAbsent(key, k -> new FieldSet());
  }

  boolean isEmpty() {
    return !member && children.values().stream().allMatch(FieldSet::isEmpty);
  }

  /** Visits every member path (a list of path elements). */
  void members(BiConsumer<List<String>, Boolean> visitor) {
    members(new ArrayList<>(), visitor);
  }

  private void members(List<String> prefix, BiConsumer<List<String>, Boolean> visitor) {
    if (member && !prefix.isEmpty()) {
      visitor.accept(List.copyOf(prefix), children.isEmpty());
    }
    children.forEach((k, c) -> {
      prefix.add(k);
      c.members(prefix, visitor);
      prefix.remove(prefix.size() - 1);
    });
  }

  boolean has(List<String> path) {
    FieldSet n = node(path);
    return n != null && n.member;
  }

  /** Whether anything at or below path is a member. */
  boolean hasAnyUnder(List<String> path) {
    FieldSet n = node(path);
    return n != null && !n.isEmpty();
  }

  FieldSet node(List<String> path) {
    FieldSet cur = this;
    for (String p : path) {
      cur = cur.children.get(p);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  void remove(List<String> path) {
    FieldSet n = node(path);
    if (n != null) {
      n.member = false;
    }
    prune();
  }

  void add(List<String> path) {
    FieldSet cur = this;
    for (String p : path) {
      cur = cur.child(p);
    }
    cur.member = true;
  }

  private boolean prune() {
    children.values().removeIf(FieldSet::prune);
    return !member && children.isEmpty();
  }

  FieldSet copy() {
    FieldSet c = new FieldSet();
    c.member = member;
    children.forEach((k, v) -> c.children.put(k, v.copy()));
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet && toJson().equals(((FieldSet) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  ObjectNode toJson() {
    ObjectNode out = Json.object();
    if (member && !children.isEmpty()) {
      out.putObject(".");
    }
    children.forEach((k, c) -> {
      if (!c.isEmpty()) {
        out.set(k, c.toJson());
      }
    });
    return out;
  }

  static FieldSet fromJson(JsonNode json) {
    FieldSet fs = new FieldSet();
    if (json == null || !json.isObject()) {
      return fs;
    }
    json.properties().forEach(e -> {
      if (e.getKey().equals(".")) {
        fs.member = true;
      } else {
        FieldSet c = fromJson(e.getValue());
        if (e.getValue().isEmpty()) {
          c.member = true;
        }
        fs.children.put(e.getKey(), c);
      }
    });
    return fs;
  }

  // ---- navigating objects by path elements ----

  /** The value at a path in an object; null when absent. For a set item, the item itself. */
  static JsonNode valueAt(JsonNode obj, List<String> path) {
    JsonNode cur = obj;
    for (String p : path) {
      if (cur == null) {
        return null;
      }
      cur = step(cur, p);
    }
    return cur;
  }

  static JsonNode step(JsonNode cur, String p) {
    if (p.startsWith("f:")) {
      return cur.isObject() ? cur.get(p.substring(2)) : null;
    }
    if (cur.isArray()) {
      int i = indexOf((ArrayNode) cur, p);
      return i < 0 ? null : cur.get(i);
    }
    return null;
  }

  /** The index of a {@code k:} or {@code v:} element in a list, or -1. */
  static int indexOf(ArrayNode list, String p) {
    JsonNode key = Json.parse(p.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (p.startsWith("v:") && item.equals(key)) {
        return i;
      }
      if (p.startsWith("k:") && item.isObject()) {
        boolean all = true;
        for (var it = key.properties().iterator(); it.hasNext() && all;) {
          var e = it.next();
          all = e.getValue().equals(item.get(e.getKey()));
        }
        if (all) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Removes the value at a path; returns whether something was removed. */
  static boolean removeAt(JsonNode obj, List<String> path) {
    JsonNode parent = valueAt(obj, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent == null) {
      return false;
    }
    if (last.startsWith("f:") && parent.isObject()) {
      return ((ObjectNode) parent).remove(last.substring(2)) != null;
    }
    if (parent.isArray()) {
      int i = indexOf((ArrayNode) parent, last);
      if (i >= 0) {
        ((ArrayNode) parent).remove(i);
        return true;
      }
    }
    return false;
  }

  /** A path as the API server prints it in conflicts: {@code .spec.containers[name="c"].image}. */
  static String describe(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String p : path) {
      if (p.startsWith("f:")) {
        sb.append('.').append(p.substring(2));
      } else if (p.startsWith("k:")) {
        JsonNode key = Json.parse(p.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> parts = new ArrayList<>();
        key.properties().forEach(e -> parts.add(e.getKey() + "=" + Json.string(e.getValue())));
        sb.append('[').append(String.join(",", parts)).append(']');
      } else if (p.startsWith("v:")) {
        sb.append('[').append(p.substring(2)).append(']');
      }
    }
    return sb.toString();
  }
}
