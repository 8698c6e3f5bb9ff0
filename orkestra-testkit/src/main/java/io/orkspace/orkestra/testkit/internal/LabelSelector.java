package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A label selector as the API server parses it: {@code a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a}. */
final class LabelSelector implements Predicate<ObjectNode> {
  private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private enum Op { EQ, NE, IN, NOTIN, EXISTS, NOT_EXISTS }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean test(JsonNode labels) {
      JsonNode v = labels == null ? null : labels.get(key);
      String value = v == null || v.isNull() ? null : v.asText();
      switch (op) {
        case EQ: case IN: return value != null && values.contains(value);
        case NE: case NOTIN: return value == null || !values.contains(value);
        case EXISTS: return value != null;
        default: return value == null;
      }
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  /** Parses a selector; 400 BadRequest with the reason when it is malformed. */
  static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : split(selector)) {
      reqs.add(requirement(part.trim(), selector));
    }
    return new LabelSelector(List.copyOf(reqs));
  }

  @Override
  public boolean test(ObjectNode obj) {
    JsonNode labels = obj.path("metadata").get("labels");
    for (Requirement r : requirements) {
      if (!r.test(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static Requirement requirement(String part, String whole) {
    if (part.isEmpty()) {
      throw bad(whole, "empty requirement");
    }
    if (part.startsWith("!")) {
      return new Requirement(key(part.substring(1).trim(), whole), Op.NOT_EXISTS, Set.of());
    }
    java.util.regex.Matcher set = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(part);
    if (set.matches()) {
      Set<String> values = new java.util.HashSet<>();
      for (String v : set.group(3).split(",")) {
        values.add(value(v.trim(), whole));
      }
      return new Requirement(key(set.group(1), whole), set.group(2).equals("in") ? Op.IN : Op.NOTIN, values);
    }
    int ne = part.indexOf("!=");
    if (ne >= 0) {
      return new Requirement(key(part.substring(0, ne).trim(), whole), Op.NE, Set.of(value(part.substring(ne + 2).trim(), whole)));
    }
    int eq = part.indexOf('=');
    if (eq >= 0) {
      int skip = part.startsWith("==", eq) ? 2 : 1;
      return new Requirement(key(part.substring(0, eq).trim(), whole), Op.EQ, Set.of(value(part.substring(eq + skip).trim(), whole)));
    }
    return new Requirement(key(part, whole), Op.EXISTS, Set.of());
  }

  private static String key(String key, String whole) {
    if (!KEY.matcher(key).matches() || key.length() > 316) {
      throw bad(whole, "invalid label key \"" + key + "\"");
    }
    return key;
  }

  private static String value(String value, String whole) {
    if (!VALUE.matcher(value).matches() || value.length() > 63) {
      throw bad(whole, "invalid label value: \"" + value + "\"");
    }
    return value;
  }

  private static ApiException bad(String whole, String why) {
    return ApiException.badRequest("unable to parse requirement: " + why + " in label selector \"" + whole + "\"");
  }
}
