package io.orkspace.orkestra.katalog.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data a template sees for one object (a custom resource as a Map from JSON or YAML).
 *
 * <p>Its own keys ({@code .apiVersion}, {@code .kind}, {@code .metadata}, {@code .spec}, {@code .status}) plus the
 * capitalised aliases the reference's older examples use: {@code .Name}, {@code .Namespace}, {@code .Labels},
 * {@code .Annotations} (from metadata) and {@code .Metadata}, {@code .Spec}, {@code .Status} (the same maps). A
 * capitalised field that is absent resolves to its lower-case spelling at any depth, so {@code .Spec.Database} reads
 * {@code spec.database}.
 *
 * <pre>{@code
 * Map<String, Object> data = TemplateData.of(cr, Map.of("item", "eu-west-1"));
 * engine.compile("{{ .Name }}-{{ .item }}").render(data);   // "blog-eu-west-1"
 * }</pre>
 */
public final class TemplateData {

    private TemplateData() {
    }

    /** The data model for an object. */
    public static Map<String, Object> of(Map<String, ?> object) {
        return of(object, Map.of());
    }

    /** The data model for an object plus extra top-level variables (forEach's {@code .item}, {@code .children}, ...). */
    public static Map<String, Object> of(Map<String, ?> object, Map<String, ?> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (object != null) {
            data.putAll(object);
        }
        Object metadata = data.get("metadata");
        Map<?, ?> meta = metadata instanceof Map<?, ?> m ? m : Map.of();
        data.putIfAbsent("Name", meta.get("name"));
        data.putIfAbsent("Namespace", meta.get("namespace"));
        data.putIfAbsent("Labels", meta.get("labels"));
        data.putIfAbsent("Annotations", meta.get("annotations"));
        data.putIfAbsent("Metadata", metadata);
        data.putIfAbsent("Spec", data.get("spec"));
        data.putIfAbsent("Status", data.get("status"));
        if (extra != null) {
            data.putAll(extra);
        }
        return Collections.unmodifiableMap(data);
    }
}
