package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a custom resource against its version's structural schema, with the API server's field paths and
 * messages ({@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}).
 * On updates, a subtree equal to the old object's is not checked again (validation ratcheting, on by default since
 * Kubernetes 1.30): an object stored before its CRD got stricter can still have its status written.
 */
final class SchemaValidator {
  /** One field error: its reason (FieldValueInvalid…), field path and message body. */
  record Cause(String reason, String field, String body) {
    String message() {
      return field + ": " + body;
    }
  }

  private final List<Cause> causes = new ArrayList<>();

  private SchemaValidator() {}

  /** The field errors of obj (metadata, apiVersion and kind are not the schema's business); old is null on create. */
  static List<Cause> validate(StructuralSchema root, ObjectNode obj, ObjectNode old) {
    SchemaValidator v = new SchemaValidator();
    for (String f : root.required) {
      if (!f.equals("metadata") && !f.equals("apiVersion") && !f.equals("kind") && !obj.has(f)) {
        v.add("FieldValueRequired", f, "Required value");
      }
    }
    obj.properties().forEach(e -> {
      String f = e.getKey();
      StructuralSchema s = root.child(f);
      if (s != null && !f.equals("metadata") && !f.equals("apiVersion") && !f.equals("kind")) {
        v.node(s, e.getValue(), old == null ? null : old.get(f), old != null, f);
      }
    });
    return v.causes;
  }

  private void add(String reason, String field, String body) {
    causes.add(new Cause(reason, field, body));
  }

  private void invalid(String path, JsonNode value, String detail) {
    add("FieldValueInvalid", path, "Invalid value: " + GoFormat.value(value) + ": " + detail);
  }

  /** @param update whether this is an update; then oldValue (possibly null) is the same field in the stored object */
  private void node(StructuralSchema s, JsonNode v, JsonNode oldValue, boolean update, String path) {
    if (update && v.equals(oldValue)) {
      return;
    }
    if (v.isNull()) {
      if (!s.nullable && (s.type != null || s.intOrString)) {
        typeError(s, v, path);
      }
      return;
    }
    if (!typeMatches(s, v)) {
      typeError(s, v, path);
      return;
    }
    if (s.enumValues != null && !s.enumValues.contains(v) && !numericallyIn(s.enumValues, v)) {
      List<String> allowed = new ArrayList<>();
      for (JsonNode a : s.enumValues) {
        allowed.add(GoFormat.quote(a.isTextual() ? a.asText() : Json.string(a)));
      }
      add("FieldValueNotSupported", path, "Unsupported value: " + GoFormat.value(v) + ": supported values: " + String.join(", ", allowed));
    }
    if (v.isTextual()) {
      string(s, v, path);
    } else if (v.isNumber()) {
      number(s, v, path);
    } else if (v.isArray()) {
      array(s, v, oldValue, update, path);
    } else if (v.isObject()) {
      object(s, (ObjectNode) v, oldValue, update, path);
    }
  }

  private static boolean typeMatches(StructuralSchema s, JsonNode v) {
    boolean wholeNumber = v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && !Double.isInfinite(v.asDouble()));
    if (s.intOrString) {
      return v.isTextual() || wholeNumber;
    }
    if (s.type == null) {
      return true;
    }
    switch (s.type) {
      case "object": return v.isObject();
      case "array": return v.isArray();
      case "string": return v.isTextual();
      case "boolean": return v.isBoolean();
      case "integer": return wholeNumber;
      case "number": return v.isNumber();
      default: return true;
    }
  }

  private void typeError(StructuralSchema s, JsonNode v, String path) {
    String expected = s.intOrString ? "integer,string" : s.type;
    String actual = GoFormat.typeName(v);
    add("FieldValueTypeInvalid", path, "Invalid value: " + GoFormat.quote(actual) + ": " + path + " in body must be of type " + expected + ": "
        + GoFormat.quote(actual));
  }

  private static boolean numericallyIn(List<JsonNode> values, JsonNode v) {
    if (!v.isNumber()) {
      return false;
    }
    for (JsonNode a : values) {
      if (a.isNumber() && a.asDouble() == v.asDouble()) {
        return true;
      }
    }
    return false;
  }

  private void string(StructuralSchema s, JsonNode v, String path) {
    String text = v.asText();
    long length = text.codePointCount(0, text.length());
    if (s.maxLength != null && length > s.maxLength) {
      add("FieldValueTooLong", path, "Too long: may not be longer than " + s.maxLength);
    }
    if (s.minLength != null && length < s.minLength) {
      invalid(path, v, path + " in body should be at least " + s.minLength + " chars long");
    }
    if (s.pattern != null && !s.pattern.matcher(text).find()) {
      invalid(path, v, path + " in body should match '" + s.patternText + "'");
    }
  }

  private void number(StructuralSchema s, JsonNode v, String path) {
    double d = v.asDouble();
    if (s.multipleOf != null && s.multipleOf != 0 && Math.abs(d / s.multipleOf - Math.rint(d / s.multipleOf)) > 1e-9) {
      invalid(path, v, path + " in body should be a multiple of " + GoFormat.number(s.multipleOf));
    }
    if (s.maximum != null && (s.exclusiveMaximum ? d >= s.maximum : d > s.maximum)) {
      invalid(path, v, path + " in body should be less than " + (s.exclusiveMaximum ? "" : "or equal to ") + GoFormat.number(s.maximum));
    }
    if (s.minimum != null && (s.exclusiveMinimum ? d <= s.minimum : d < s.minimum)) {
      invalid(path, v, path + " in body should be greater than " + (s.exclusiveMinimum ? "" : "or equal to ") + GoFormat.number(s.minimum));
    }
  }

  private void array(StructuralSchema s, JsonNode v, JsonNode oldValue, boolean update, String path) {
    int size = v.size();
    if (s.minItems != null && size < s.minItems) {
      add("FieldValueInvalid", path, "Invalid value: " + size + ": " + path + " in body should have at least " + s.minItems + " items");
    }
    if (s.maxItems != null && size > s.maxItems) {
      add("FieldValueTooMany", path, "Too many: " + size + ": must have at most " + s.maxItems + " items");
    }
    if (s.items != null) {
      for (int i = 0; i < size; i++) {
        JsonNode old = oldValue != null && oldValue.isArray() ? oldValue.get(i) : null;
        node(s.items, v.get(i), old, update, path + "[" + i + "]");
      }
    }
  }

  private void object(StructuralSchema s, ObjectNode v, JsonNode oldValue, boolean update, String path) {
    int size = v.size();
    if (s.minProperties != null && size < s.minProperties) {
      add("FieldValueInvalid", path, "Invalid value: " + size + ": " + path + " in body should have at least " + s.minProperties + " properties");
    }
    if (s.maxProperties != null && size > s.maxProperties) {
      add("FieldValueTooMany", path, "Too many: " + size + ": must have at most " + s.maxProperties + " items");
    }
    for (String f : s.required) {
      if (!v.has(f)) {
        add("FieldValueRequired", path + "." + f, "Required value");
      }
    }
    if (s.embeddedResource) {
      embedded(v, path);
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String f = e.getKey();
      if (s.embeddedResource && (f.equals("apiVersion") || f.equals("kind") || f.equals("metadata"))) {
        continue;
      }
      StructuralSchema child = s.child(f);
      if (child != null) {
        node(child, e.getValue(), oldValue == null ? null : oldValue.get(f), update, path + "." + f);
      }
    }
  }

  /** An embedded object needs apiVersion and kind, as the API server checks them. */
  private void embedded(ObjectNode v, String path) {
    for (String f : List.of("apiVersion", "kind")) {
      JsonNode x = v.get(f);
      if (x == null) {
        add("FieldValueRequired", path + "." + f, "Required value: must not be empty");
      } else if (!x.isTextual()) {
        invalid(path + "." + f, x, "must be a string");
      } else if (x.asText().isEmpty()) {
        invalid(path + "." + f, x, "must not be empty");
      }
    }
  }
}
