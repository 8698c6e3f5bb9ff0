package io.orkspace.orkestra.katalog.template;

import java.util.Map;

/**
 * A compiled template, immutable and safe to render from many threads at once. Obtain one from
 * {@link TemplateEngine#compile(String)}; render it against {@link TemplateData#of(Map)}.
 *
 * <pre>{@code
 * Template t = engine.compile("{{ .spec.replicas | default 1 }}");
 * Object replicas = t.evaluate(TemplateData.of(cr));   // Integer 3, not "3"
 * }</pre>
 */
public interface Template {

    /** The Go-template source this was compiled from. */
    String source();

    /** Renders to text, as Go's text/template would (missing values print as nothing). */
    String render(Map<String, ?> data) throws TemplateRenderException;

    /**
     * When the whole source is a single {@code {{ pipeline }}} action (whitespace around it allowed), the raw value
     * (Integer/Long/Double/Boolean/String/Map/List/null), so {@code replicas: "{{ .spec.replicas }}"} stays the
     * integer 3; otherwise the same as {@link #render(Map)}.
     */
    Object evaluate(Map<String, ?> data) throws TemplateRenderException;
}
