package io.orkspace.orkestra.katalog;

import io.orkspace.orkestra.katalog.template.Template;
import io.orkspace.orkestra.katalog.template.TemplateRenderException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a Katalog compiled once: literals stay as written, strings holding template actions are compiled
 * templates, maps and lists are trees of both. Rendering against a CR gives plain values; a string that is a single
 * template keeps the type of what it evaluates to ({@code "{{ .spec.replicas }}"} renders to the integer 3).
 */
public sealed interface ValueTemplate {

    /** Renders against the template data (see {@code TemplateData.of}). */
    Object render(Map<String, ?> data) throws RenderException;

    /** True when rendering needs no data (no template anywhere below). */
    boolean isLiteral();

    /** A fixed value. */
    static ValueTemplate literal(Object value) {
        return new Literal(value);
    }

    /** A value that is exactly what was written (no templates). */
    record Literal(Object value) implements ValueTemplate {
        @Override
        public Object render(Map<String, ?> data) {
            return value;
        }

        @Override
        public boolean isLiteral() {
            return true;
        }
    }

    /** A string with template actions, and where it was written. */
    record Text(Template template, Location location, String path) implements ValueTemplate {
        @Override
        public Object render(Map<String, ?> data) throws RenderException {
            try {
                return template.evaluate(data);
            } catch (TemplateRenderException e) {
                throw new RenderException(location, path, "template " + quote(template.source()) + " failed: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new RenderException(location, path, "template " + quote(template.source()) + " failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }

        @Override
        public boolean isLiteral() {
            return false;
        }

        private static String quote(String s) {
            String one = s.replace("\n", "\\n");
            return "\"" + (one.length() > 60 ? one.substring(0, 57) + "..." : one) + "\"";
        }
    }

    /** A map whose values are templates; keys are literal. */
    record MapValue(Map<String, ValueTemplate> entries) implements ValueTemplate {
        @Override
        public Object render(Map<String, ?> data) throws RenderException {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, ValueTemplate> e : entries.entrySet()) {
                out.put(e.getKey(), e.getValue().render(data));
            }
            return out;
        }

        @Override
        public boolean isLiteral() {
            return entries.values().stream().allMatch(ValueTemplate::isLiteral);
        }
    }

    /** A list whose items are templates. */
    record ListValue(List<ValueTemplate> items) implements ValueTemplate {
        @Override
        public Object render(Map<String, ?> data) throws RenderException {
            List<Object> out = new ArrayList<>(items.size());
            for (ValueTemplate item : items) {
                out.add(item.render(data));
            }
            return out;
        }

        @Override
        public boolean isLiteral() {
            return items.stream().allMatch(ValueTemplate::isLiteral);
        }
    }
}
