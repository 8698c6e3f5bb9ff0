package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.katalog.ValueTemplate;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.katalog.template.TemplateSyntaxException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a validated, canonical tree. The validator has already checked types, so reads here convert;
 * anything they still cannot convert is added to the problems (never thrown).
 */
final class NodeReader {

    private final TemplateEngine templates;
    private final List<Problem> problems;

    NodeReader(TemplateEngine templates, List<Problem> problems) {
        this.templates = templates;
        this.problems = problems;
    }

    List<Problem> problems() {
        return problems;
    }

    void problem(Node at, String message) {
        problems.add(new Problem(at.location(), at.path(), message));
    }

    static Node.MapNode map(Node.MapNode m, String key) {
        return m == null ? null : m.get(key) instanceof Node.MapNode c ? c : null;
    }

    static List<Node> list(Node.MapNode m, String key) {
        return m != null && m.get(key) instanceof Node.ListNode l ? l.items() : List.of();
    }

    static Object scalar(Node.MapNode m, String key) {
        return m != null && m.get(key) instanceof Node.ScalarNode s ? s.value() : null;
    }

    static String str(Node.MapNode m, String key, String def) {
        Object v = scalar(m, key);
        return v == null ? def : String.valueOf(v);
    }

    static boolean bool(Node.MapNode m, String key, boolean def) {
        Object v = scalar(m, key);
        return v == null ? def : v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
    }

    static Integer integer(Node.MapNode m, String key) {
        Object v = scalar(m, key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        return v == null ? null : Integer.valueOf(String.valueOf(v).trim());
    }

    static List<String> strings(Node.MapNode m, String key) {
        Node n = m == null ? null : m.get(key);
        List<String> out = new ArrayList<>();
        if (n instanceof Node.ListNode l) {
            l.items().forEach(i -> {
                if (i instanceof Node.ScalarNode s && s.value() != null) {
                    out.add(String.valueOf(s.value()));
                }
            });
        } else if (n instanceof Node.ScalarNode s && s.value() != null) {
            out.add(String.valueOf(s.value()));
        }
        return out;
    }

    static Map<String, String> stringMap(Node.MapNode m, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Node.MapNode c = map(m, key);
        if (c != null) {
            c.entries().forEach((k, v) -> out.put(k, v instanceof Node.ScalarNode s && s.value() != null ? String.valueOf(s.value()) : ""));
        }
        return out;
    }

    Duration duration(Node.MapNode m, String key) {
        Node n = m == null ? null : m.get(key);
        if (!(n instanceof Node.ScalarNode s) || s.value() == null) {
            return null;
        }
        return io.orkspace.orkestra.katalog.Durations.parse(String.valueOf(s.value())).orElse(null); // else: the validator reported it
    }

    /** A path written in a Katalog, resolved against the folder of the file it was written in. */
    static Path path(Node n) {
        String raw = String.valueOf(((Node.ScalarNode) n).value());
        Path file = n.location().file();
        Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        return base.resolve(raw).normalize();
    }

    /** Compiles a value: strings holding actions become templates, maps and lists become trees. */
    ValueTemplate compile(Node n) {
        if (n instanceof Node.MapNode m) {
            Map<String, ValueTemplate> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, compile(v)));
            // literal maps stay trees too, so every render hands out a fresh, caller-owned copy
            return new ValueTemplate.MapValue(java.util.Collections.unmodifiableMap(out));
        }
        if (n instanceof Node.ListNode l) {
            List<ValueTemplate> out = new ArrayList<>();
            l.items().forEach(i -> out.add(compile(i)));
            return new ValueTemplate.ListValue(List.copyOf(out));
        }
        Object v = ((Node.ScalarNode) n).value();
        if (v instanceof String s && TemplateEngine.isTemplate(s)) {
            try {
                return new ValueTemplate.Text(templates.compile(s), n.location(), n.path());
            } catch (TemplateSyntaxException e) {
                // already reported by the validator with its exact position
                return ValueTemplate.literal(s);
            }
        }
        return ValueTemplate.literal(v);
    }

    ValueTemplate compile(Node.MapNode m, String key) {
        Node n = m == null ? null : m.get(key);
        return n == null || n instanceof Node.ScalarNode s && s.isNull() ? null : compile(n);
    }

    static Location at(Node n) {
        return n == null ? Location.UNKNOWN : n.location();
    }
}
