package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failure that becomes a {@code kind: Status} body with the API server's code and reason. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String reason;
  private final ObjectNode details;

  ApiException(int code, String reason, String message, ObjectNode details) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() {
    return code;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null);
  }

  static ApiException notFound(ResourceType type, String name) {
    return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", details(type, name));
  }

  static ApiException notFoundPath(String path) {
    return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
  }

  static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists", details(type, name));
  }

  static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name + "\": " + why,
        details(type, name));
  }

  static ApiException conflict(ResourceType type, String name, String message, ArrayNode causes) {
    ObjectNode d = details(type, name);
    d.set("causes", causes);
    return new ApiException(409, "Conflict", message, d);
  }

  static ApiException invalid(ResourceType type, String name, String field, String detail, String causeReason) {
    ObjectNode d = details(type, name);
    ObjectNode cause = d.putArray("causes").addObject();
    cause.put("reason", causeReason);
    cause.put("message", detail);
    cause.put("field", field);
    return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + field + ": " + detail, d);
  }

  /** 422 for an object that fails its schema, worded as the API server words it (Kind.group "name" is invalid: …). */
  static ApiException invalid(ResourceType type, String name, java.util.List<SchemaValidator.Cause> causes) {
    ObjectNode d = Json.object();
    if (name != null) {
      d.put("name", name);
    }
    if (!type.group().isEmpty()) {
      d.put("group", type.group());
    }
    d.put("kind", type.kind());
    d.set("causes", CrdVersions.causesJson(causes));
    java.util.Set<String> messages = new java.util.LinkedHashSet<>();
    causes.forEach(c -> messages.add(c.message()));
    String all = messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
    String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    return new ApiException(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + all, d);
  }

  static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message, null);
  }

  static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml" + (contentType == null ? "" : " (got " + contentType + ")"), null);
  }

  static ApiException forbidden(ResourceType type, String name, String why) {
    return new ApiException(403, "Forbidden", type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why, details(type, name));
  }

  static ApiException gone(String message) {
    return new ApiException(410, "Expired", message, null);
  }

  static ApiException injected(int code, String message) {
    return new ApiException(code, reasonFor(code), message, null);
  }

  static ApiException internal(String message) {
    return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
  }

  private static ObjectNode details(ResourceType type, String name) {
    ObjectNode d = Json.object();
    if (name != null) {
      d.put("name", name);
    }
    if (!type.group().isEmpty()) {
      d.put("group", type.group());
    }
    d.put("kind", type.plural());
    return d;
  }

  static String reasonFor(int code) {
    switch (code) {
      case 400: return "BadRequest";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "NotFound";
      case 405: return "MethodNotAllowed";
      case 409: return "Conflict";
      case 410: return "Expired";
      case 415: return "UnsupportedMediaType";
      case 422: return "Invalid";
      case 429: return "TooManyRequests";
      case 500: return "InternalError";
      case 503: return "ServiceUnavailable";
      case 504: return "Timeout";
      default: return "Unknown";
    }
  }

  /** The {@code kind: Status} body. */
  public ObjectNode status() {
    return status(code, reason, getMessage(), details);
  }

  static ObjectNode status(int code, String reason, String message, ObjectNode details) {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    if (details != null) {
      s.set("details", details);
    }
    s.put("code", code);
    return s;
  }
}
