package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.api.Resource;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/** {@link Resource} over a CR as a map. */
final class ResourceView implements Resource {

    private final Map<String, Object> cr;

    ResourceView(Map<String, Object> cr) {
        this.cr = Collections.unmodifiableMap(cr);
    }

    @Override
    public String apiVersion() {
        return text(cr.get("apiVersion"));
    }

    @Override
    public String kind() {
        return text(cr.get("kind"));
    }

    @Override
    public String name() {
        return text(metadata().get("name"));
    }

    @Override
    public String namespace() {
        return text(metadata().get("namespace"));
    }

    @Override
    public String uid() {
        return text(metadata().get("uid"));
    }

    @Override
    public long generation() {
        return metadata().get("generation") instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public Map<String, String> labels() {
        return strings(metadata().get("labels"));
    }

    @Override
    public Map<String, String> annotations() {
        return strings(metadata().get("annotations"));
    }

    @Override
    public Map<String, Object> spec() {
        return map(cr.get("spec"));
    }

    @Override
    public Map<String, Object> status() {
        return map(cr.get("status"));
    }

    @Override
    public Optional<Object> get(String dottedPath) {
        Object cur = cr;
        for (String part : dottedPath.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            cur = m.get(part);
        }
        return Optional.ofNullable(cur);
    }

    @Override
    public Map<String, Object> asMap() {
        return cr;
    }

    private Map<String, Object> metadata() {
        return map(cr.get("metadata"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, Object>) m) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object o) {
        return o instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, String>) m) : Map.of();
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
