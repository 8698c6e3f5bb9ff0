package io.orkspace.orkestra.webhook.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dot path into an object, as Katalog rules write it: {@code spec.replicas}, {@code .spec.replicas}, or with a
 * key holding dots in brackets: {@code metadata.labels["app.kubernetes.io/name"]}. Paths address map keys only.
 */
public record FieldPath(List<String> keys) {

    public FieldPath {
        keys = List.copyOf(keys);
    }

    /** Parses a path; throws IllegalArgumentException with a one-line reason when it is not one. */
    public static FieldPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the field path is empty");
        }
        String p = path.strip();
        List<String> keys = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = p.startsWith(".") ? 1 : 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                flush(keys, cur, path);
                i++;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in field path \"" + path + "\"");
                }
                if (cur.length() > 0) {
                    flush(keys, cur, path);
                }
                String key = p.substring(i + 1, end).strip();
                if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
                    key = key.substring(1, key.length() - 1);
                }
                keys.add(key);
                i = end + 1;
                if (i < p.length() && p.charAt(i) == '.') {
                    i++;
                }
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() > 0) {
            flush(keys, cur, path);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the field path \"" + path + "\" names no field");
        }
        return new FieldPath(keys);
    }

    private static void flush(List<String> keys, StringBuilder cur, String path) {
        if (cur.length() == 0) {
            throw new IllegalArgumentException("empty segment in field path \"" + path + "\"");
        }
        keys.add(cur.toString());
        cur.setLength(0);
    }

    /** The value at this path, or null when any step is missing or not an object. */
    public Object get(Map<String, ?> object) {
        Object cur = object;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }

    /** Whether the path exists (its value may be null). */
    public boolean exists(Map<String, ?> object) {
        Object cur = object;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(k)) {
                return false;
            }
            cur = m.get(k);
        }
        return true;
    }

    /**
     * Sets the value, creating missing objects on the way. Throws IllegalArgumentException when a step on the way
     * holds something other than an object (a string where {@code spec} should be).
     */
    @SuppressWarnings("unchecked")
    public void set(Map<String, Object> object, Object value) {
        Map<String, Object> cur = object;
        for (int i = 0; i < keys.size() - 1; i++) {
            String k = keys.get(i);
            Object next = cur.get(k);
            if (next == null) {
                Map<String, Object> created = new LinkedHashMap<>();
                cur.put(k, created);
                cur = created;
            } else if (next instanceof Map) {
                cur = (Map<String, Object>) next;
            } else {
                throw new IllegalArgumentException(new FieldPath(keys.subList(0, i + 1)) + " is " + Json.typeName(next)
                        + ", not an object");
            }
        }
        cur.put(keys.get(keys.size() - 1), value);
    }

    /** The RFC 6901 JSON pointer of this path. */
    public String pointer() {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append('/').append(escape(k));
        }
        return sb.toString();
    }

    /** One JSON-pointer token, escaped. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** A path with one more key. */
    public FieldPath child(String key) {
        List<String> k = new ArrayList<>(keys);
        k.add(key);
        return new FieldPath(k);
    }

    public static FieldPath root() {
        return new FieldPath(Collections.emptyList());
    }

    /** {@code spec.replicas}, with keys holding dots or slashes in brackets. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (k.contains(".") || k.contains("[") || k.contains("]") || k.isEmpty()) {
                sb.append("[\"").append(k).append("\"]");
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(k);
            }
        }
        return sb.toString();
    }
}
