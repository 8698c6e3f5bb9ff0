package io.orkspace.orkestra.katalog.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.orkspace.orkestra.katalog.template.Functions.Fn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.orkspace.orkestra.katalog.template.Args.str;
import static io.orkspace.orkestra.katalog.template.Functions.add;

/** Base64, hashes, JSON and YAML, and random identifiers. */
final class EncodingFunctions {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build()).configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncodingFunctions() {
    }

    static void register(Map<String, Fn> f) {
        add(f, "b64enc", 1, 1, a -> Base64.getEncoder().encodeToString(str(a[0]).getBytes(StandardCharsets.UTF_8)));
        add(f, "b64dec", 1, 1, a -> {
            try {
                return new String(Base64.getDecoder().decode(str(a[0]).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RenderFailure("b64dec: illegal base64 data");
            }
        });
        add(f, "sha256sum", 1, 1, a -> digest("SHA-256", str(a[0])));
        add(f, "sha1sum", 1, 1, a -> digest("SHA-1", str(a[0])));
        add(f, "toJson", 1, 1, a -> write("toJson", JSON, a[0], false));
        add(f, "toPrettyJson", 1, 1, a -> write("toPrettyJson", JSON, a[0], true));
        add(f, "toYaml", 1, 1, a -> write("toYaml", YAML, a[0], false).stripTrailing());
        add(f, "fromJson", 1, 1, a -> read("fromJson", JSON, str(a[0])));
        add(f, "fromYaml", 1, 1, a -> read("fromYaml", YAML, str(a[0])));
        add(f, "uuidv4", 0, 0, a -> UUID.randomUUID().toString());
        add(f, "randAlphaNum", 1, 1, a -> {
            int n = Args.integer("randAlphaNum", a[0]);
            if (n < 0 || n > 10_000) {
                throw new RenderFailure("randAlphaNum: the length must be between 0 and 10000, got " + n);
            }
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
            }
            return sb.toString();
        });
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JRE", e);
        }
    }

    private static String write(String fn, ObjectMapper mapper, Object v, boolean pretty) {
        try {
            Object plain = plain(v);
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(plain) : mapper.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new RenderFailure(fn + ": " + e.getOriginalMessage());
        }
    }

    private static Object read(String fn, ObjectMapper mapper, String s) {
        try {
            return mapper.readValue(s, Object.class);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int noise = why.indexOf(" (start marker at");
            throw new RenderFailure(fn + ": " + (noise > 0 ? why.substring(0, noise) : why)
                    + (e.getLocation() == null ? "" : " at " + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()));
        }
    }

    /** Data as JSON/YAML should see it: times as RFC 3339, integral floats as integers (Go writes 3, not 3.0). */
    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        List<?> l = v instanceof String ? null : Values.list(v);
        if (l != null) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof TemporalAccessor t) {
            return TimeFunctions.rfc3339(t);
        }
        if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return Values.print(v);
    }
}
