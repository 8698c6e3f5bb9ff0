package io.orkspace.orkestra.engine.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkspace.orkestra.api.HookArgs;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link HookArgs} over the rendered {@code args} map. */
final class HookArgsView implements HookArgs {

    private static final ObjectMapper BINDER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Map<String, Object> args;

    HookArgsView(Map<String, Object> args) {
        this.args = Collections.unmodifiableMap(args);
    }

    @Override
    public Map<String, Object> asMap() {
        return args;
    }

    @Override
    public boolean has(String name) {
        return args.get(name) != null;
    }

    @Override
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    @Override
    public Optional<String> optionalString(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw wrong(name, "a text value", v);
        }
        return Optional.of(String.valueOf(v));
    }

    @Override
    public long integer(String name) {
        return optionalInteger(name).orElseThrow(() -> missing(name));
    }

    @Override
    public Optional<Long> optionalInteger(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Integer || v instanceof Long) {
            return Optional.of(((Number) v).longValue());
        }
        try {
            return Optional.of(Long.parseLong(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            throw wrong(name, "an integer", v);
        }
    }

    @Override
    public boolean bool(String name) {
        return optionalBool(name).orElseThrow(() -> missing(name));
    }

    @Override
    public Optional<Boolean> optionalBool(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        throw wrong(name, "true or false", v);
    }

    @Override
    public Optional<Duration> duration(String name) {
        Optional<String> text = optionalString(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(io.orkspace.orkestra.katalog.Durations.parse(text.get())
                .orElseThrow(() -> wrong(name, io.orkspace.orkestra.katalog.Durations.EXPECTED, text.get())));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return Collections.unmodifiableMap((Map<String, Object>) m);
        }
        throw wrong(name, "a map", v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object v = args.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList((List<Object>) l);
        }
        throw wrong(name, "a list", v);
    }

    @Override
    public <T> T bind(Class<T> type) {
        try {
            return BINDER.convertValue(args, type);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            int cut = why.indexOf(" (through reference chain");
            throw new IllegalArgumentException("args do not fit " + type.getSimpleName() + ": " + (cut > 0 ? why.substring(0, cut) : why), e);
        }
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("args." + name + " is required");
    }

    private static IllegalArgumentException wrong(String name, String expected, Object v) {
        return new IllegalArgumentException("args." + name + ": expected " + expected + ", got " + (v instanceof String ? "\"" + v + "\"" : v));
    }
}
