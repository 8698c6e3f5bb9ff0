package io.orkspace.orkestra.webhook.internal;

import io.orkspace.orkestra.webhook.BadReviewException;

import java.util.List;
import java.util.Map;

/** Typed reads from a parsed review, each failing with a 400 that names the offending field. */
public final class Reviews {

    private Reviews() {
    }

    /** Parses a review body and checks its apiVersion (one of {@code accepted}) and kind. */
    public static Map<String, Object> parse(byte[] body, String kind, List<String> accepted) throws BadReviewException {
        Map<String, Object> review;
        try {
            review = Json.readObject(body);
        } catch (Json.MalformedException e) {
            throw BadReviewException.malformed(e.getMessage());
        }
        String k = string(review, "kind", "kind");
        if (!kind.equals(k)) {
            throw BadReviewException.malformed("expected kind " + kind + ", got " + quote(k));
        }
        String av = string(review, "apiVersion", "apiVersion");
        if (!accepted.contains(av)) {
            throw BadReviewException.malformed("unsupported apiVersion " + quote(av) + " for " + kind + " (supported: "
                    + String.join(", ", accepted) + ")");
        }
        return review;
    }

    /** A required object field. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> m, String key, String path) throws BadReviewException {
        Object v = m.get(key);
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw BadReviewException.malformed(path + " must be an object, got " + Json.typeName(v));
    }

    /** An optional object field (null when absent or null). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> optionalObject(Map<String, Object> m, String key, String path) throws BadReviewException {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw BadReviewException.malformed(path + " must be an object, got " + Json.typeName(v));
    }

    /** A required, non-empty string field. */
    public static String string(Map<String, Object> m, String key, String path) throws BadReviewException {
        Object v = m.get(key);
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw BadReviewException.malformed(path + (v == null ? " is missing" : " must be a non-empty string, got "
                + Json.typeName(v)));
    }

    /** An optional string field ("" when absent or null). */
    public static String optionalString(Map<String, Object> m, String key, String path) throws BadReviewException {
        Object v = m.get(key);
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        throw BadReviewException.malformed(path + " must be a string, got " + Json.typeName(v));
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "\"";
    }
}
