package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Values printed the way the API server (Go's fmt) prints them in validation messages, so that a message a test
 * asserts on reads the same here and on a real cluster: {@code %q} strings, {@code %v} numbers (1e+06), {@code %#v}
 * maps and slices.
 */
final class GoFormat {
  private GoFormat() {}

  /** Go's strconv.Quote for the common cases. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\t': b.append("\\t"); break;
        case '\r': b.append("\\r"); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else {
            b.appendCodePoint(c);
          }
      }
    });
    return b.append('"').toString();
  }

  /** A float64 as Go's %v prints it: shortest digits, exponent form below 1e-4 and from 1e+06. */
  static String number(double d) {
    if (d == 0) {
      return "0";
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + bd.toPlainString();
  }

  /** The bad value of a field error (apimachinery's ErrorBody): simple types plainly, strings quoted, null as "null". */
  static String value(JsonNode v) {
    if (v == null || v.isNull()) {
      return "\"null\"";
    }
    if (v.isTextual()) {
      return quote(v.asText());
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return number(v.asDouble());
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    return sharp(v);
  }

  /** Go's %#v of a decoded JSON value. */
  private static String sharp(JsonNode v) {
    if (v == null || v.isNull()) {
      return "interface {}(nil)";
    }
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      List<String> parts = new ArrayList<>();
      for (String k : keys) {
        parts.add(quote(k) + ":" + sharp(v.get(k)));
      }
      return "map[string]interface {}{" + String.join(", ", parts) + "}";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      for (Iterator<JsonNode> it = v.elements(); it.hasNext();) {
        parts.add(sharp(it.next()));
      }
      return "[]interface {}{" + String.join(", ", parts) + "}";
    }
    return value(v);
  }

  /** The OpenAPI type name of a decoded JSON value, as kube-openapi reports it. */
  static String typeName(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isIntegralNumber() ? "integer" : "number";
  }
}
