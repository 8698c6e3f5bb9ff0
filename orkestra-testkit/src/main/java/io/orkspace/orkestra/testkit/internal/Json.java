package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;

/** The server's one JSON mapper, and small helpers over Jackson trees. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Parses a request body as a JSON object; anything else is a 400 with the parser's reason. */
  static ObjectNode parseObject(byte[] body, boolean yaml) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty");
    }
    JsonNode node;
    try {
      node = (yaml ? YAML : MAPPER).readTree(body);
    } catch (java.io.IOException e) {
      String msg = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
      throw ApiException.badRequest("the body of the request could not be decoded: " + msg);
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("request body is empty");
      }
      return node;
    } catch (java.io.IOException e) {
      String msg = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
      throw ApiException.badRequest("the body of the request could not be decoded: " + msg);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String string(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  static ObjectNode meta(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode) {
      return (ObjectNode) m;
    }
    return obj.putObject("metadata");
  }

  static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Resolves a dotted path (spec.nodeName) to its text, or null. */
  static String path(JsonNode node, String dotted) {
    JsonNode cur = node;
    for (String part : dotted.split("\\.")) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(part);
    }
    return cur == null || cur.isNull() || cur.isContainerNode() ? null : cur.asText();
  }
}
