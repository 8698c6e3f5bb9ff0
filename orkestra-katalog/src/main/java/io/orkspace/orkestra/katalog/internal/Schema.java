package io.orkspace.orkestra.katalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Katalog and Komposer formats as data: every field the reference documents, its type, and whether we support it.
 * Read from {@code katalog-schema.txt}; see the comment at its top for the syntax.
 */
public final class Schema {

    /** A value type. */
    public sealed interface Type permits Prim, Named, ListOf, MapOf, EnumOf, Union {
    }

    /** Built-in value kinds. TEMPLATE: a scalar whose strings may hold template actions; TREE: any value whose string leaves are templates. */
    public enum PrimKind { STRING, BOOL, INT, NUMBER, DURATION, SCALAR, TEMPLATE, TREE, ANY }

    public record Prim(PrimKind kind) implements Type {
    }

    public record Named(String name) implements Type {
    }

    public record ListOf(Type item) implements Type {
    }

    public record MapOf(Type value) implements Type {
    }

    public record EnumOf(List<String> values) implements Type {
    }

    public record Union(List<Type> alternatives) implements Type {
    }

    /** One field of an object type. {@code alias} is the dotted path (same object) of the spelling it stands for. */
    public record Field(String name, Type type, boolean required, boolean unsupported, String alias, String defaultValue) {
    }

    /** A named object type and its fields, in file order. */
    public record ObjectType(String name, Map<String, Field> fields) {
    }

    private final Map<String, ObjectType> types;

    private Schema(Map<String, ObjectType> types) {
        this.types = types;
    }

    private static final class Holder {
        static final Schema BUILT_IN = load();
    }

    /** The schema shipped with this module. */
    public static Schema builtIn() {
        return Holder.BUILT_IN;
    }

    public ObjectType type(String name) {
        ObjectType t = types.get(name);
        if (t == null) {
            throw new IllegalStateException("katalog-schema.txt: type " + name + " is not defined");
        }
        return t;
    }

    public boolean has(String name) {
        return types.containsKey(name);
    }

    private static Schema load() {
        try (InputStream in = Schema.class.getResourceAsStream("/io/orkspace/orkestra/katalog/katalog-schema.txt")) {
            if (in == null) {
                throw new IllegalStateException("katalog-schema.txt is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the schema text; a malformed line is a build-time bug, so it fails loudly with its line number. */
    public static Schema parse(String text) {
        Map<String, ObjectType> types = new LinkedHashMap<>();
        Map<String, Field> current = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            try {
                if (!Character.isWhitespace(line.charAt(0))) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length != 2 || !parts[0].equals("type")) {
                        throw new IllegalArgumentException("expected 'type NAME'");
                    }
                    current = new LinkedHashMap<>();
                    if (types.put(parts[1], new ObjectType(parts[1], current)) != null) {
                        throw new IllegalArgumentException("type " + parts[1] + " defined twice");
                    }
                    continue;
                }
                if (current == null) {
                    throw new IllegalArgumentException("field outside of a type");
                }
                String[] parts = line.trim().split("\\s+");
                if (parts.length < 2) {
                    throw new IllegalArgumentException("expected 'FIELD TYPE [FLAGS]'");
                }
                boolean required = false;
                boolean unsupported = false;
                String alias = null;
                String def = null;
                for (int i = 2; i < parts.length; i++) {
                    String flag = parts[i];
                    if (flag.equals("required")) {
                        required = true;
                    } else if (flag.equals("unsupported")) {
                        unsupported = true;
                    } else if (flag.startsWith("alias=")) {
                        alias = flag.substring(6);
                    } else if (flag.startsWith("default=")) {
                        def = flag.substring(8);
                    } else {
                        throw new IllegalArgumentException("unknown flag " + flag);
                    }
                }
                Field f = new Field(parts[0], parseType(parts[1]), required, unsupported, alias, def);
                if (current.put(f.name(), f) != null) {
                    throw new IllegalArgumentException("field " + f.name() + " defined twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("katalog-schema.txt:" + (n + 1) + ": " + e.getMessage() + ": " + raw.trim(), e);
            }
        }
        Schema schema = new Schema(types);
        schema.checkReferences();
        return schema;
    }

    static Type parseType(String s) {
        List<String> alternatives = splitTopLevel(s);
        if (alternatives.size() > 1) {
            List<Type> alts = new ArrayList<>();
            alternatives.forEach(a -> alts.add(parseType(a)));
            return new Union(List.copyOf(alts));
        }
        if (s.startsWith("list<") && s.endsWith(">")) {
            return new ListOf(parseType(s.substring(5, s.length() - 1)));
        }
        if (s.startsWith("map<") && s.endsWith(">")) {
            return new MapOf(parseType(s.substring(4, s.length() - 1)));
        }
        if (s.startsWith("enum(") && s.endsWith(")")) {
            return new EnumOf(List.of(s.substring(5, s.length() - 1).split("\\|")));
        }
        if (s.equals("map")) {
            return new MapOf(new Prim(PrimKind.ANY));
        }
        if (s.equals("list")) {
            return new ListOf(new Prim(PrimKind.ANY));
        }
        for (PrimKind k : PrimKind.values()) {
            if (k.name().equalsIgnoreCase(s)) {
                return new Prim(k);
            }
        }
        if (!s.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("bad type " + s);
        }
        return new Named(s);
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private void checkReferences() {
        for (ObjectType t : types.values()) {
            for (Field f : t.fields().values()) {
                checkType(f.type(), t.name() + "." + f.name());
            }
        }
    }

    private void checkType(Type type, String where) {
        if (type instanceof Named n) {
            if (!types.containsKey(n.name())) {
                throw new IllegalStateException("katalog-schema.txt: " + where + " refers to undefined type " + n.name());
            }
        } else if (type instanceof ListOf l) {
            checkType(l.item(), where);
        } else if (type instanceof MapOf m) {
            checkType(m.value(), where);
        } else if (type instanceof Union u) {
            u.alternatives().forEach(a -> checkType(a, where));
        }
    }
}
