package io.orkspace.orkestra.webhook.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON in and out for reviews, with the limits a webhook facing the network needs: bounded nesting and string sizes,
 * duplicate keys rejected, nothing after the top-level value. Objects are plain maps and lists.
 */
public final class Json {

    private static final int MAX_DEPTH = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(8 * 1024 * 1024).maxNumberLength(200).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };

    private Json() {
    }

    /** A JSON document that is not what was expected; the message is one line meant for the caller. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses a JSON object into a mutable map; anything else (invalid JSON, an array, null) is malformed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(byte[] body) throws MalformedException {
        if (body == null || body.length == 0) {
            throw new MalformedException("the request body is empty");
        }
        Object value;
        try {
            value = MAPPER.readValue(body, ANY);
        } catch (JsonProcessingException e) {
            throw new MalformedException("the request body is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new MalformedException("the request body is not valid JSON: " + oneLine(e.getMessage()));
        }
        if (!(value instanceof Map)) {
            throw new MalformedException("the request body must be a JSON object, got " + typeName(value));
        }
        return (Map<String, Object>) value;
    }

    /** Serialises plain maps, lists and scalars. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only plain values are ever written; this would be a bug, reported as text rather than thrown.
            return ("{\"error\":\"cannot serialise the response\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The shared mapper (plain maps and lists; strict reading). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A deep, mutable copy of a JSON-like value (maps keep their order). */
    @SuppressWarnings("unchecked")
    public static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), copy(e.getValue()));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(copy(o));
            }
            return out;
        }
        return value;
    }

    /** A deep, mutable copy of an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyObject(Map<String, ?> object) {
        return (Map<String, Object>) copy(object);
    }

    /** JSON equality: numbers compare by value (1 == 1L == 1.0), maps ignore order, lists keep it. */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!same(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Long.MAX_VALUE);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** "an object", "a string", ... for messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Collection) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
    }

    /** The first line of a message, trimmed to a readable length. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
