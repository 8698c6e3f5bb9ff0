package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rendered fields of one Katalog entry (or of an object nested in it), read with the types a kind expects.
 *
 * <p>Rendered values are String, Integer, Long, Double, Boolean, Map or List. A template that yields text gives a String,
 * so every reader also accepts the text form of its type ({@code "3"} for an integer, {@code "true"} for a boolean).
 * A value of the wrong type fails with a message naming the field by its path in the entry:
 * {@code probes.liveness.periodSeconds: expected an integer, got "often"}. A null or blank value counts as absent.
 */
final class EntryFields {

    private final Map<String, ?> values;
    private final String prefix;

    private EntryFields(Map<String, ?> values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    /** The top-level fields of an entry. */
    static EntryFields of(Map<String, ?> fields) {
        return new EntryFields(fields, "");
    }

    /** The path of a field of this object, as messages show it ({@code env[0].name}). */
    String path(String key) {
        return prefix + key;
    }

    /** Fails on any field not in {@code allowed}: a misspelled field must not be dropped silently. */
    void allowOnly(Collection<String> allowed) throws InvalidEntryException {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!allowed.contains(key)) {
                throw new InvalidEntryException(path(key) + ": unknown field (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** True when the field is set to something other than null or blank text. */
    boolean has(String key) {
        return RenderedValue.present(values.get(key));
    }

    /** The field as rendered, or null. */
    Object raw(String key) {
        Object v = values.get(key);
        return RenderedValue.present(v) ? v : null;
    }

    // ---- scalars ---------------------------------------------------------------------------------------------

    Optional<String> string(String key) throws InvalidEntryException {
        Object v = raw(key);
        return v == null ? Optional.empty() : Optional.of(RenderedValue.text(path(key), v));
    }

    /** The field as text exactly as rendered, blank text included (an environment variable's value). */
    Optional<String> exactString(String key) throws InvalidEntryException {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(RenderedValue.text(path(key), v));
    }

    String string(String key, String fallback) throws InvalidEntryException {
        return string(key).orElse(fallback);
    }

    String requiredString(String key) throws InvalidEntryException {
        return string(key).orElseThrow(() -> missing(key));
    }

    /** One of {@code accepted}, matched without regard to case and returned as spelled in {@code accepted}. */
    Optional<String> choice(String key, List<String> accepted) throws InvalidEntryException {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return value;
        }
        for (String a : accepted) {
            if (a.equalsIgnoreCase(value.get().trim())) {
                return Optional.of(a);
            }
        }
        throw new InvalidEntryException(path(key) + ": expected one of " + String.join(", ", accepted) + ", got " + RenderedValue.show(value.get()));
    }

    Optional<Integer> integer(String key) throws InvalidEntryException {
        Object v = raw(key);
        return v == null ? Optional.empty() : Optional.of(RenderedValue.toInt(path(key), v));
    }

    int integer(String key, int fallback) throws InvalidEntryException {
        return integer(key).orElse(fallback);
    }

    /** An integer within {@code [min, max]}. */
    Optional<Integer> integer(String key, int min, int max) throws InvalidEntryException {
        Optional<Integer> v = integer(key);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw new InvalidEntryException(path(key) + ": expected an integer from " + min + " to " + max + ", got " + v.get());
        }
        return v;
    }

    Optional<Boolean> bool(String key) throws InvalidEntryException {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s.trim()));
        }
        throw RenderedValue.wrongType(path(key), "a boolean", v);
    }

    boolean bool(String key, boolean fallback) throws InvalidEntryException {
        return bool(key).orElse(fallback);
    }

    /** A port number or a port name: {@code 8080} and {@code "8080"} give the integer, {@code http} the name. */
    Optional<IntOrString> intOrString(String key) throws InvalidEntryException {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number || v instanceof String s && s.trim().matches("[+-]?\\d+")) {
            return Optional.of(new IntOrString(RenderedValue.toInt(path(key), v)));
        }
        return Optional.of(new IntOrString(RenderedValue.text(path(key), v).trim()));
    }

    /** A count or a percentage ({@code 1}, {@code "25%"}), as a rolling update or a disruption budget takes it. */
    Optional<IntOrString> countOrPercent(String key) throws InvalidEntryException {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s && s.trim().matches("\\d+%")) {
            return Optional.of(new IntOrString(s.trim()));
        }
        if (v instanceof Number || v instanceof String s && s.trim().matches("[+-]?\\d+")) {
            return Optional.of(new IntOrString(RenderedValue.toInt(path(key), v)));
        }
        throw RenderedValue.wrongType(path(key), "an integer or a percentage", v);
    }

    /** A port from 1 to 65535. */
    Optional<Integer> port(String key) throws InvalidEntryException {
        return integer(key, 1, 65535);
    }

    // ---- nested ---------------------------------------------------------------------------------------------

    /** A nested object, read with the same rules; empty when the field is absent. */
    Optional<EntryFields> object(String key) throws InvalidEntryException {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(asObject(path(key), v));
    }

    /** Whether the field is present at all, even as an empty map ({@code emptyDir: {}}). */
    boolean declared(String key) {
        return values.get(key) != null;
    }

    /** A list of nested objects ({@code env: [{name: A, value: b}]}); empty when absent. */
    List<EntryFields> objects(String key) throws InvalidEntryException {
        List<EntryFields> out = new ArrayList<>();
        List<?> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(asObject(path(key) + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    /** A list of strings ({@code verbs: [get, list]}); empty when absent. A single string is a list of one. */
    List<String> strings(String key) throws InvalidEntryException {
        Object v = raw(key);
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        List<?> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path(key) + "[" + i + "]";
            if (!RenderedValue.present(items.get(i))) {
                throw new InvalidEntryException(itemPath + ": expected a string, got " + RenderedValue.show(items.get(i)));
            }
            out.add(RenderedValue.text(itemPath, items.get(i)));
        }
        return out;
    }

    /** A map of strings (labels, selectors, data), sorted by key; empty when absent. */
    Map<String, String> stringMap(String key) throws InvalidEntryException {
        Object v = values.get(key);
        Map<String, String> out = new TreeMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw RenderedValue.wrongType(path(key), "a map", v);
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String entryPath = path(key) + "." + e.getKey();
            if (e.getValue() == null) {
                out.put(String.valueOf(e.getKey()), ""); // a template over a missing field: empty, as Go prints it in text
                continue;
            }
            out.put(String.valueOf(e.getKey()), RenderedValue.text(entryPath, e.getValue()));
        }
        return out;
    }

    /** A map of quantities ({@code requests: {cpu: 100m, memory: 128Mi}}) in canonical form, sorted by key; empty when absent. */
    Map<String, Quantity> quantities(String key) throws InvalidEntryException {
        Map<String, Quantity> out = new TreeMap<>();
        for (Map.Entry<String, String> e : stringMap(key).entrySet()) {
            out.put(e.getKey(), RenderedValue.quantity(path(key) + "." + e.getKey(), e.getValue()));
        }
        return out;
    }

    Optional<Quantity> quantity(String key) throws InvalidEntryException {
        Optional<String> s = string(key);
        return s.isEmpty() ? Optional.empty() : Optional.of(RenderedValue.quantity(path(key), s.get()));
    }

    /** A list field as rendered; empty when absent. */
    List<?> list(String key) throws InvalidEntryException {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw RenderedValue.wrongType(path(key), "a list", v);
        }
        return l;
    }

    /** A map field as rendered (free-form, e.g. a custom resource's spec); empty when absent. */
    Map<String, Object> tree(String key) throws InvalidEntryException {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw RenderedValue.wrongType(path(key), "a map", v);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** Fails when more than one of {@code keys} is set ({@code profile} and explicit values, for instance). */
    void atMostOneOf(String... keys) throws InvalidEntryException {
        List<String> set = new ArrayList<>();
        for (String k : keys) {
            if (declared(k)) {
                set.add(path(k));
            }
        }
        if (set.size() > 1) {
            throw new InvalidEntryException(String.join(" and ", set) + ": set only one of them");
        }
    }

    InvalidEntryException missing(String key) {
        return new InvalidEntryException(path(key) + ": required, but not set (or rendered empty)");
    }

    Set<String> keys() {
        return values.keySet();
    }

    private EntryFields asObject(String objectPath, Object v) throws InvalidEntryException {
        if (!(v instanceof Map<?, ?> m)) {
            throw RenderedValue.wrongType(objectPath, "a map", v);
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        m.forEach((k, val) -> copy.put(String.valueOf(k), val));
        return new EntryFields(copy, objectPath + ".");
    }
}
