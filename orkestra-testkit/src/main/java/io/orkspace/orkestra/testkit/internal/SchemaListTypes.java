package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.orkspace.orkestra.testkit.internal.ListTypes.ListType;
import java.util.ArrayList;
import java.util.List;

/** List types of a custom resource, read from its OpenAPI schema ({@code x-kubernetes-list-type}); atomic when undeclared. */
final class SchemaListTypes implements ListTypes {
  private final JsonNode schema;

  SchemaListTypes(JsonNode schema) {
    this.schema = schema;
  }

  @Override
  public ListType at(List<String> path) {
    return BuiltInListTypes.common(path, this::fromSchema);
  }

  private ListType fromSchema(List<String> path) {
    JsonNode node = schema;
    if (node == null) {
      return ListType.ATOMIC;
    }
    for (String field : path) {
      if (node == null) {
        return ListType.ATOMIC;
      }
      while (node != null && "array".equals(Json.text(node, "type"))) {
        node = node.get("items");
      }
      node = node == null || node.get("properties") == null ? null : node.get("properties").get(field);
    }
    if (node == null) {
      return ListType.ATOMIC;
    }
    String type = Json.text(node, "x-kubernetes-list-type");
    if ("set".equals(type)) {
      return ListType.SET;
    }
    if ("map".equals(type) && node.get("x-kubernetes-list-map-keys") != null) {
      List<String> keys = new ArrayList<>();
      node.get("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
      return new ListType(ListType.Kind.MAP, List.copyOf(keys));
    }
    return ListType.ATOMIC;
  }
}
