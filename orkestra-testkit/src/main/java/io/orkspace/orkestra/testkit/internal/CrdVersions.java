package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each served version of a CRD declares for its objects: the compiled structural schema (pruning, defaults,
 * validation) and the scale subresource. Built once per CRD write, read without locks by every request.
 */
final class CrdVersions {
  static final CrdVersions NONE = new CrdVersions(Map.of(), Map.of(), false);

  /** The scale subresource's JSON paths ({@code .spec.replicas}); labelSelectorPath may be null. */
  record Scale(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {}

  private final Map<String, StructuralSchema> schemas;
  private final Map<String, Scale> scales;
  private final boolean preserveUnknownFields;

  private CrdVersions(Map<String, StructuralSchema> schemas, Map<String, Scale> scales, boolean preserveUnknownFields) {
    this.schemas = schemas;
    this.scales = scales;
    this.preserveUnknownFields = preserveUnknownFields;
  }

  /** Compiles the schema and reads the scale subresource of every version of a CRD. */
  static CrdVersions of(JsonNode crdSpec) {
    Map<String, StructuralSchema> schemas = new HashMap<>();
    Map<String, Scale> scales = new HashMap<>();
    for (JsonNode v : crdSpec.path("versions")) {
      String name = Json.text(v, "name");
      StructuralSchema s = StructuralSchema.compile(v.path("schema").get("openAPIV3Schema"));
      if (name != null && s != null) {
        schemas.put(name, s);
      }
      JsonNode scale = v.path("subresources").get("scale");
      if (name != null && scale != null && scale.isObject()) {
        scales.put(name, new Scale(Json.text(scale, "specReplicasPath"), Json.text(scale, "statusReplicasPath"),
            Json.text(scale, "labelSelectorPath")));
      }
    }
    return new CrdVersions(Map.copyOf(schemas), Map.copyOf(scales), crdSpec.path("preserveUnknownFields").asBoolean(false));
  }

  /** The scale subresource of a version, or null. */
  Scale scale(String version) {
    return scales.get(version);
  }

  boolean anyScale() {
    return !scales.isEmpty();
  }

  /**
   * What the API server does when it decodes a custom resource: drops unknown fields (unless preserved), nulls of
   * non-nullable fields, and fills defaults, by the schema of the version in the object's apiVersion.
   */
  void normalize(ObjectNode obj) {
    StructuralSchema s = schemaOf(obj);
    if (s != null) {
      s.normalizeRoot(obj, !preserveUnknownFields);
    }
  }

  /** 422 Invalid, with one cause per offending field, when obj does not fit its version's schema; old is null on create. */
  void validate(ResourceType type, ObjectNode obj, ObjectNode old) {
    StructuralSchema s = schemaOf(obj);
    if (s == null) {
      return;
    }
    List<SchemaValidator.Cause> causes = SchemaValidator.validate(s, obj, old);
    if (!causes.isEmpty()) {
      throw ApiException.invalid(type, Objects.name(obj), causes);
    }
  }

  private StructuralSchema schemaOf(ObjectNode obj) {
    if (schemas.isEmpty()) {
      return null;
    }
    String av = Json.text(obj, "apiVersion");
    return av == null ? null : schemas.get(av.substring(av.indexOf('/') + 1));
  }

  static ArrayNode causesJson(List<SchemaValidator.Cause> causes) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (SchemaValidator.Cause c : causes) {
      ObjectNode o = out.addObject();
      o.put("reason", c.reason());
      o.put("message", c.body());
      o.put("field", c.field());
    }
    return out;
  }
}
