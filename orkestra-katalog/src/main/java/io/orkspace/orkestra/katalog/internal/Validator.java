package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Suggestions;

import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.katalog.template.TemplateSyntaxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a canonical tree against the schema and collects every problem: unknown fields (with a suggestion),
 * fields not supported yet, wrong types, missing required fields, invalid enum values and template syntax errors.
 */
final class Validator {


    private final Schema schema;
    private final TemplateEngine templates;
    private final List<Problem> problems;
    private final Map<Path, List<String>> sourceLines = new HashMap<>();

    Validator(Schema schema, TemplateEngine templates, List<Problem> problems) {
        this.schema = schema;
        this.templates = templates;
        this.problems = problems;
    }

    void validate(Node node, Schema.Type type) {
        if (node instanceof Node.ScalarNode s && s.isNull()) {
            return; // `field:` with nothing after it means "not set"
        }
        Schema.Type t = Shapes.pick(type, node);
        if (t == null) {
            mismatch(node, type);
            return;
        }
        if (t instanceof Schema.Named named) {
            validateObject(node, schema.type(named.name()));
        } else if (t instanceof Schema.ListOf l) {
            if (node instanceof Node.ListNode list) {
                list.items().forEach(i -> validate(i, l.item()));
            } else {
                mismatch(node, t);
            }
        } else if (t instanceof Schema.MapOf m) {
            if (node instanceof Node.MapNode map) {
                map.entries().values().forEach(v -> validate(v, m.value()));
            } else {
                mismatch(node, t);
            }
        } else if (t instanceof Schema.EnumOf e) {
            validateEnum(node, e);
        } else if (t instanceof Schema.Prim p) {
            validatePrim(node, p.kind());
        }
    }

    private void validateObject(Node node, Schema.ObjectType type) {
        if (!(node instanceof Node.MapNode map)) {
            mismatch(node, new Schema.Named(type.name()));
            return;
        }
        for (Map.Entry<String, Node> e : map.entries().entrySet()) {
            String key = e.getKey();
            Schema.Field field = type.fields().get(key);
            Location at = map.keyLocation(key);
            if (field == null) {
                String hint = Suggestions.closest(key, type.fields().keySet());
                problems.add(new Problem(at, e.getValue().path(), "unknown field \"" + key + "\""
                        + (hint == null ? "" : " (did you mean \"" + hint + "\"?)")));
            } else if (field.unsupported()) {
                problems.add(new Problem(at, e.getValue().path(),
                        "is not supported yet by Orkestra for the JVM (it is part of the reference format; see docs/katalog-reference.md, \"Not supported yet\")"));
            } else {
                validate(e.getValue(), field.type());
            }
        }
        for (Schema.Field field : type.fields().values()) {
            Node value = map.get(field.name());
            if (field.required() && (value == null || value instanceof Node.ScalarNode s && s.isNull())) {
                problems.add(new Problem(map.location(), join(map.path(), field.name()), "missing required field \"" + field.name() + "\""));
            }
        }
    }

    private void validateEnum(Node node, Schema.EnumOf e) {
        if (node instanceof Node.ScalarNode s && s.value() != null && e.values().contains(String.valueOf(s.value()))) {
            return;
        }
        String got = node instanceof Node.ScalarNode s && s.value() != null ? String.valueOf(s.value()) : null;
        String hint = got == null ? null : Suggestions.closest(got, e.values());
        problems.add(new Problem(node.location(), node.path(), "expected one of " + String.join(", ", e.values()) + ", got "
                + Node.describe(node) + (hint == null ? "" : " (did you mean \"" + hint + "\"?)")));
    }

    private void validatePrim(Node node, Schema.PrimKind kind) {
        if (kind == Schema.PrimKind.ANY) {
            return;
        }
        if (kind == Schema.PrimKind.TREE) {
            checkTemplates(node);
            return;
        }
        if (!(node instanceof Node.ScalarNode s)) {
            mismatch(node, new Schema.Prim(kind));
            return;
        }
        Object v = s.value();
        boolean ok;
        switch (kind) {
            case BOOL:
                ok = v instanceof Boolean || "true".equals(v) || "false".equals(v);
                break;
            case INT:
                ok = v instanceof Integer || v instanceof Long || v instanceof String str && str.matches("-?\\d+");
                break;
            case NUMBER:
                ok = v instanceof Number || v instanceof String str && str.matches("-?\\d+(\\.\\d+)?");
                break;
            case DURATION:
                ok = v instanceof String str && io.orkspace.orkestra.katalog.Durations.parse(str).isPresent() || v instanceof Integer i && i == 0;
                break;
            case STRING:
                ok = v instanceof String || v instanceof Number || v instanceof Boolean;
                break;
            case TEMPLATE:
                ok = true;
                checkTemplates(node);
                break;
            default:
                ok = true;
        }
        if (!ok) {
            mismatch(node, new Schema.Prim(kind));
        }
    }

    /** Compiles every template string under a node so syntax errors surface at load time, located. */
    private void checkTemplates(Node node) {
        if (node instanceof Node.MapNode m) {
            m.entries().values().forEach(this::checkTemplates);
        } else if (node instanceof Node.ListNode l) {
            l.items().forEach(this::checkTemplates);
        } else if (((Node.ScalarNode) node).value() instanceof String s && TemplateEngine.isTemplate(s)) {
            try {
                templates.compile(s);
            } catch (TemplateSyntaxException e) {
                problems.add(new Problem(templateLocation(node.location(), e), node.path(), "invalid template "
                        + abbreviate(s) + ": " + e.detail()));
            }
        }
    }

    /** Maps a position inside the template onto the file: same line, shifted by the quote that opens the scalar. */
    private Location templateLocation(Location at, TemplateSyntaxException e) {
        if (at.file() == null || at.line() <= 0 || e.line() <= 0) {
            return at;
        }
        if (e.line() > 1) {
            return new Location(at.file(), at.line() + e.line() - 1, Math.max(1, e.column()));
        }
        List<String> lines = sourceLines.computeIfAbsent(at.file(), f -> {
            try {
                return Files.readAllLines(f);
            } catch (IOException ex) {
                return List.of();
            }
        });
        int shift = 0;
        if (at.line() <= lines.size()) {
            String line = lines.get(at.line() - 1);
            int idx = at.column() - 1;
            if (idx >= 0 && idx < line.length() && (line.charAt(idx) == '"' || line.charAt(idx) == '\'')) {
                shift = 1;
            }
        }
        return new Location(at.file(), at.line(), at.column() + shift + e.column() - 1);
    }

    private void mismatch(Node node, Schema.Type expected) {
        problems.add(new Problem(node.location(), node.path(), "expected " + Shapes.describe(expected) + ", got " + Node.describe(node)));
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return "\"" + (one.length() > 50 ? one.substring(0, 47) + "..." : one) + "\"";
    }

    static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }
}
