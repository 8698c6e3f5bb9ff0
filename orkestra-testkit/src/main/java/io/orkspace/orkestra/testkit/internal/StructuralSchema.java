package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One node of a CRD version's {@code openAPIV3Schema}, compiled once when the CRD is written (patterns compiled,
 * numbers parsed), with the structural operations the API server runs on every custom resource it decodes: pruning of
 * unknown fields, pruning of nulls in non-nullable fields, and defaulting. Immutable; shared by all requests.
 */
final class StructuralSchema {
  final String type;
  final boolean nullable;
  final boolean preserveUnknownFields;
  final boolean intOrString;
  final boolean embeddedResource;
  final Map<String, StructuralSchema> properties;
  /** The schema of a map's values, or null. */
  final StructuralSchema additionalProperties;
  /** {@code additionalProperties: true}: any keys, kept as they are. */
  final boolean anyAdditionalProperties;
  final StructuralSchema items;
  final List<String> required;
  final List<JsonNode> enumValues;
  final Double minimum;
  final Double maximum;
  final boolean exclusiveMinimum;
  final boolean exclusiveMaximum;
  final Double multipleOf;
  final Long minLength;
  final Long maxLength;
  final Long minItems;
  final Long maxItems;
  final Long minProperties;
  final Long maxProperties;
  final String patternText;
  final Pattern pattern;
  final JsonNode defaultValue;

  private StructuralSchema(JsonNode n) {
    type = Json.text(n, "type");
    nullable = n.path("nullable").asBoolean(false);
    preserveUnknownFields = n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    intOrString = n.path("x-kubernetes-int-or-string").asBoolean(false);
    embeddedResource = n.path("x-kubernetes-embedded-resource").asBoolean(false);
    Map<String, StructuralSchema> props = new LinkedHashMap<>();
    n.path("properties").properties().forEach(e -> props.put(e.getKey(), new StructuralSchema(e.getValue())));
    properties = Map.copyOf(props);
    JsonNode ap = n.get("additionalProperties");
    additionalProperties = ap != null && ap.isObject() ? new StructuralSchema(ap) : null;
    anyAdditionalProperties = ap != null && ap.isBoolean() && ap.asBoolean();
    JsonNode it = n.get("items");
    items = it != null && it.isObject() ? new StructuralSchema(it) : null;
    List<String> req = new ArrayList<>();
    n.path("required").forEach(r -> req.add(r.asText()));
    required = List.copyOf(req);
    List<JsonNode> en = null;
    if (n.path("enum").isArray()) {
      en = new ArrayList<>();
      for (JsonNode v : n.get("enum")) {
        en.add(v);
      }
    }
    enumValues = en;
    minimum = number(n, "minimum");
    maximum = number(n, "maximum");
    exclusiveMinimum = n.path("exclusiveMinimum").asBoolean(false);
    exclusiveMaximum = n.path("exclusiveMaximum").asBoolean(false);
    multipleOf = number(n, "multipleOf");
    minLength = integer(n, "minLength");
    maxLength = integer(n, "maxLength");
    minItems = integer(n, "minItems");
    maxItems = integer(n, "maxItems");
    minProperties = integer(n, "minProperties");
    maxProperties = integer(n, "maxProperties");
    patternText = Json.text(n, "pattern");
    Pattern p = null;
    if (patternText != null) {
      try {
        p = Pattern.compile(patternText);
      } catch (PatternSyntaxException e) {
        p = null; // a real server refuses such a CRD; here the pattern is not checked
      }
    }
    pattern = p;
    JsonNode d = n.get("default");
    defaultValue = d == null || d.isNull() ? null : d.deepCopy();
  }

  /** The compiled schema, or null when there is none. */
  static StructuralSchema compile(JsonNode openApiV3Schema) {
    return openApiV3Schema == null || !openApiV3Schema.isObject() ? null : new StructuralSchema(openApiV3Schema);
  }

  private static Double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  private static Long integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  /** A property's schema, the map value schema, or null when the field is unknown. */
  StructuralSchema child(String field) {
    StructuralSchema s = properties.get(field);
    return s != null ? s : additionalProperties;
  }

  // ---- what the API server does while decoding a custom resource (before admission and validation) ----

  /** Prunes, drops nulls of non-nullable fields without a default, and fills defaults; the root's type metadata is kept. */
  void normalizeRoot(ObjectNode obj, boolean prune) {
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      if (f.equals("apiVersion") || f.equals("kind") || f.equals("metadata")) {
        continue;
      }
      StructuralSchema s = child(f);
      if (s == null) {
        if (prune && !preserveUnknownFields && !anyAdditionalProperties) {
          it.remove();
        }
      } else if (prune) {
        s.prune(e.getValue());
      }
    }
    pruneNulls(obj);
    applyDefaults(obj, true);
  }

  /** Removes the fields this schema does not know (x-kubernetes-preserve-unknown-fields keeps them). */
  void prune(JsonNode v) {
    if (intOrString) {
      return;
    }
    if (v instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) v;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        String f = e.getKey();
        if (embeddedResource && (f.equals("apiVersion") || f.equals("kind") || f.equals("metadata"))) {
          continue;
        }
        StructuralSchema s = child(f);
        if (s != null) {
          s.prune(e.getValue());
        } else if (!preserveUnknownFields && !anyAdditionalProperties) {
          it.remove();
        }
      }
    } else if (v instanceof ArrayNode && items != null) {
      v.forEach(items::prune);
    }
  }

  /** Drops {@code null} values of fields that are neither nullable nor defaulted, as the API server does. */
  void pruneNulls(JsonNode v) {
    if (v instanceof ObjectNode) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        StructuralSchema s = child(e.getKey());
        if (s == null) {
          continue;
        }
        if (e.getValue().isNull() && s.defaultValue == null && !s.nullable) {
          it.remove();
        } else {
          s.pruneNulls(e.getValue());
        }
      }
    } else if (v instanceof ArrayNode && items != null) {
      v.forEach(items::pruneNulls);
    }
  }

  /** Fills defaults top-down: a missing (or non-nullable null) field with a default gets it, then its children theirs. */
  void applyDefaults(JsonNode v, boolean root) {
    if (v instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) v;
      properties.forEach((f, s) -> {
        if (s.defaultValue != null && (!root || !f.equals("metadata"))) {
          JsonNode cur = o.get(f);
          if (cur == null || (cur.isNull() && !s.nullable)) {
            o.set(f, s.defaultValue.deepCopy());
          }
        }
      });
      o.properties().forEach(e -> {
        if (root && (e.getKey().equals("metadata") || e.getKey().equals("apiVersion") || e.getKey().equals("kind"))) {
          return;
        }
        StructuralSchema s = child(e.getKey());
        if (s != null) {
          s.applyDefaults(e.getValue(), false);
        }
      });
    } else if (v instanceof ArrayNode && items != null) {
      v.forEach(i -> items.applyDefaults(i, false));
    }
  }
}
