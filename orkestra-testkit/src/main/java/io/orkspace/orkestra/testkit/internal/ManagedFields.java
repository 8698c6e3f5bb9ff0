package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The {@code metadata.managedFields} of an object: which manager owns which fields, per operation and subresource. */
final class ManagedFields {

  /** One managedFields entry. */
  static final class Entry {
    final String manager;
    final String operation;
    final String subresource;
    String apiVersion;
    String time;
    FieldSet fields;

    Entry(String manager, String operation, String subresource, String apiVersion, String time, FieldSet fields) {
      this.manager = manager;
      this.operation = operation;
      this.subresource = subresource;
      this.apiVersion = apiVersion;
      this.time = time;
      this.fields = fields;
    }

    boolean is(String manager, String operation, String subresource) {
      return this.manager.equals(manager) && this.operation.equals(operation) && Objects.equals(this.subresource, subresource);
    }
  }

  final List<Entry> entries = new ArrayList<>();

  static ManagedFields of(ObjectNode obj) {
    ManagedFields mf = new ManagedFields();
    JsonNode list = obj == null ? null : obj.path("metadata").get("managedFields");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        String manager = Json.text(e, "manager");
        if (manager == null) {
          continue;
        }
        mf.entries.add(new Entry(manager, Json.text(e, "operation") == null ? "Update" : Json.text(e, "operation"),
            Json.text(e, "subresource"), Json.text(e, "apiVersion"), Json.text(e, "time"), FieldSet.fromJson(e.get("fieldsV1"))));
      }
    }
    return mf;
  }

  Entry find(String manager, String operation, String subresource) {
    for (Entry e : entries) {
      if (e.is(manager, operation, subresource)) {
        return e;
      }
    }
    return null;
  }

  /** Writes the entries into obj's metadata (removing the field when there are none). */
  void writeTo(ObjectNode obj) {
    entries.removeIf(e -> e.fields.isEmpty());
    ObjectNode meta = Json.meta(obj);
    if (entries.isEmpty()) {
      meta.remove("managedFields");
      return;
    }
    ArrayNode list = meta.putArray("managedFields");
    for (Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("manager", e.manager);
      n.put("operation", e.operation);
      n.put("apiVersion", e.apiVersion);
      n.put("time", e.time);
      n.put("fieldsType", "FieldsV1");
      n.set("fieldsV1", e.fields.toJson());
      if (e.subresource != null) {
        n.put("subresource", e.subresource);
      }
    }
  }

  /**
   * Ownership after a non-apply write (create, update, patch): the writer owns what it changed; nobody owns what it
   * removed; other managers lose fields the writer changed.
   */
  static void recordUpdate(ObjectNode old, ObjectNode now, ResourceType type, String manager, String subresource, String apiVersion, String time) {
    ManagedFields mf = of(old);
    FieldSet before = old == null ? new FieldSet() : FieldSet.of(old, type.listTypes());
    FieldSet after = FieldSet.of(now, type.listTypes());
    List<List<String>> changed = new ArrayList<>();
    after.members((path, leaf) -> {
      boolean isItem = !path.get(path.size() - 1).startsWith("f:");
      if (isItem ? !before.has(path) : !java.util.Objects.equals(FieldSet.valueAt(old, path), FieldSet.valueAt(now, path))) {
        changed.add(path);
      }
    });
    List<List<String>> removed = new ArrayList<>();
    before.members((path, leaf) -> {
      if (!after.has(path)) {
        removed.add(path);
      }
    });
    if (changed.isEmpty() && removed.isEmpty()) {
      mf.writeTo(now);
      return;
    }
    for (Entry e : mf.entries) {
      changed.forEach(e.fields::remove);
      removed.forEach(e.fields::remove);
    }
    Entry mine = mf.find(manager, "Update", subresource);
    if (mine == null) {
      mine = new Entry(manager, "Update", subresource, apiVersion, time, new FieldSet());
      mf.entries.add(mine);
    }
    changed.forEach(mine.fields::add);
    mine.apiVersion = apiVersion;
    mine.time = time;
    mf.writeTo(now);
  }
}
