package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.Suggestions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template functions by Go name: Go's builtins here, sprig's in the *Functions classes. Each declares its arity,
 * checked when a template compiles, so a call with the wrong number of arguments never reaches a render.
 */
final class Functions {

    /** A function body; arguments in call order (a piped value is the last one). */
    @FunctionalInterface
    interface Body {
        Object call(Object[] args);
    }

    /** A function with its arity ({@code max} -1 for variadic). */
    record Fn(String name, int min, int max, Body body) {
        String arity() {
            if (min == max) {
                return String.valueOf(min);
            }
            return max < 0 ? "at least " + min : min + " to " + max;
        }
    }

    private static final Map<String, Fn> ALL;

    static {
        Map<String, Fn> all = new LinkedHashMap<>();
        builtins(all);
        StringFunctions.register(all);
        NumberFunctions.register(all);
        CollectionFunctions.register(all);
        EncodingFunctions.register(all);
        TimeFunctions.register(all);
        ALL = Collections.unmodifiableMap(all);
    }

    private Functions() {
    }

    static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    static Fn get(String name) {
        return ALL.get(name);
    }

    static Map<String, Fn> all() {
        return ALL;
    }

    /** The closest known name within a small edit distance, or null. */
    static String suggest(String name) {
        String best = null;
        int bestDistance = Math.max(1, Math.min(3, name.length() / 3 + 1));
        for (String candidate : ALL.keySet()) {
            int d = Suggestions.distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance || d == bestDistance && best == null) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    static void add(Map<String, Fn> into, String name, int min, int max, Body body) {
        into.put(name, new Fn(name, min, max, body));
    }

    private static void builtins(Map<String, Fn> f) {
        // and/or are compiled to short-circuit conditionals; these bodies serve only as the eager fallback
        add(f, "and", 1, -1, a -> {
            for (int i = 0; i < a.length - 1; i++) {
                if (!Values.truth(a[i])) {
                    return a[i];
                }
            }
            return a[a.length - 1];
        });
        add(f, "or", 1, -1, a -> {
            for (int i = 0; i < a.length - 1; i++) {
                if (Values.truth(a[i])) {
                    return a[i];
                }
            }
            return a[a.length - 1];
        });
        add(f, "not", 1, 1, a -> !Values.truth(a[0]));
        add(f, "eq", 2, -1, a -> {
            for (int i = 1; i < a.length; i++) {
                if (Values.equal(a[0], a[i])) {
                    return true;
                }
            }
            return false;
        });
        add(f, "ne", 2, 2, a -> !Values.equal(a[0], a[1]));
        add(f, "lt", 2, 2, a -> Values.compare("lt", a[0], a[1]) < 0);
        add(f, "le", 2, 2, a -> Values.compare("le", a[0], a[1]) <= 0);
        add(f, "gt", 2, 2, a -> Values.compare("gt", a[0], a[1]) > 0);
        add(f, "ge", 2, 2, a -> Values.compare("ge", a[0], a[1]) >= 0);
        add(f, "len", 1, 1, a -> length(a[0]));
        add(f, "index", 1, -1, a -> {
            Object cur = a[0];
            for (int i = 1; i < a.length; i++) {
                cur = index(cur, a[i]);
            }
            return cur;
        });
        add(f, "slice", 1, 3, Functions::slice);
        add(f, "print", 0, -1, a -> GoFormat.sprint(Arrays.asList(a)));
        add(f, "println", 0, -1, a -> GoFormat.sprintln(Arrays.asList(a)));
        add(f, "printf", 1, -1, a -> GoFormat.sprintf(Args.str(a[0]), Arrays.asList(a).subList(1, a.length)));
    }

    static int length(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        List<?> l = Values.list(v);
        if (l != null) {
            return l.size();
        }
        throw new RenderFailure("len: cannot take the length of " + Values.kind(v) + " (" + Values.describe(v) + ")");
    }

    static Object index(Object target, Object key) {
        if (target == null) {
            return null;
        }
        if (target instanceof Map<?, ?> m) {
            return m.get(key instanceof String ? key : Values.text(key));
        }
        List<?> l = Values.list(target);
        if (l != null) {
            if (!Values.isIntegral(key)) {
                throw new RenderFailure("cannot index a list with " + Values.describe(key) + " (an integer is needed)");
            }
            long i = ((Number) key).longValue();
            if (i < 0 || i >= l.size()) {
                throw new RenderFailure("index out of range: " + i + " (the list has " + l.size() + " element" + (l.size() == 1 ? ")" : "s)"));
            }
            return l.get((int) i);
        }
        if (target instanceof String s && Values.isIntegral(key)) {
            long i = ((Number) key).longValue();
            if (i < 0 || i >= s.length()) {
                throw new RenderFailure("index out of range: " + i + " (the string has " + s.length() + " characters)");
            }
            return (int) s.charAt((int) i);
        }
        throw new RenderFailure("cannot index " + Values.kind(target) + " with " + Values.describe(key));
    }

    private static Object slice(Object[] a) {
        Object target = a[0];
        int size = target instanceof String s ? s.length() : target == null ? 0 : -1;
        List<?> list = Values.list(target);
        if (list != null) {
            size = list.size();
        }
        if (size < 0) {
            throw new RenderFailure("slice: cannot slice " + Values.kind(target));
        }
        int from = a.length > 1 ? Args.integer("slice", a[1]) : 0;
        int to = a.length > 2 ? Args.integer("slice", a[2]) : size;
        if (from < 0 || to > size || from > to) {
            throw new RenderFailure("slice: indexes [" + from + ":" + to + "] are out of range for length " + size);
        }
        if (target == null) {
            return null;
        }
        return target instanceof String s ? s.substring(from, to) : new ArrayList<>(list.subList(from, to));
    }
}
