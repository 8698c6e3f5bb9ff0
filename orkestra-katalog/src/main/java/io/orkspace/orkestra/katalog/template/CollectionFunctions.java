package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Functions.Fn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.katalog.template.Functions.add;

/** Defaults, lists and maps (sprig's semantics; results are fresh collections, data is never modified). */
final class CollectionFunctions {

    private static final int MAX_UNTIL = 100_000;

    private CollectionFunctions() {
    }

    static void register(Map<String, Fn> f) {
        add(f, "default", 1, 2, a -> a.length < 2 || !Values.truth(a[1]) ? a[0] : a[1]);
        add(f, "empty", 1, 1, a -> !Values.truth(a[0]));
        add(f, "coalesce", 1, -1, a -> {
            for (Object o : a) {
                if (Values.truth(o)) {
                    return o;
                }
            }
            return null;
        });
        add(f, "ternary", 3, 3, a -> Values.truth(a[2]) ? a[0] : a[1]);
        add(f, "required", 2, 2, a -> {
            if (a[1] == null || "".equals(a[1])) {
                throw new RenderFailure(Args.str(a[0]));
            }
            return a[1];
        });
        add(f, "fail", 1, 1, a -> {
            throw new RenderFailure(Args.str(a[0]));
        });
        add(f, "list", 0, -1, a -> new ArrayList<>(Arrays.asList(a)));
        add(f, "dict", 0, -1, a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < a.length; i += 2) {
                out.put(Args.str(a[i]), i + 1 < a.length ? a[i + 1] : "");
            }
            return out;
        });
        add(f, "hasKey", 2, 2, a -> Args.map("hasKey", a[0]).containsKey(Args.str(a[1])));
        add(f, "get", 2, 2, a -> {
            Map<?, ?> m = Args.map("get", a[0]);
            Object key = Args.str(a[1]);
            return m.containsKey(key) ? m.get(key) : "";
        });
        add(f, "keys", 1, -1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object m : a) {
                out.addAll(Values.sorted(Args.map("keys", m)).keySet());
            }
            if (a.length > 1) {
                out.sort((x, y) -> Args.str(x).compareTo(Args.str(y)));
            }
            return out;
        });
        add(f, "values", 1, 1, a -> new ArrayList<>(Values.sorted(Args.map("values", a[0])).values()));
        add(f, "first", 1, 1, a -> {
            List<?> l = Args.list("first", a[0]);
            return l.isEmpty() ? null : l.get(0);
        });
        add(f, "last", 1, 1, a -> {
            List<?> l = Args.list("last", a[0]);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        });
        add(f, "has", 2, 2, a -> Args.list("has", a[1]).stream().anyMatch(o -> Values.equal(o, a[0])));
        add(f, "append", 2, 2, a -> {
            List<Object> out = new ArrayList<>(Args.list("append", a[0]));
            out.add(a[1]);
            return out;
        });
        add(f, "uniq", 1, 1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : Args.list("uniq", a[0])) {
                if (out.stream().noneMatch(x -> Values.equal(x, o))) {
                    out.add(o);
                }
            }
            return out;
        });
        add(f, "compact", 1, 1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : Args.list("compact", a[0])) {
                if (Values.truth(o)) {
                    out.add(o);
                }
            }
            return out;
        });
        add(f, "sortAlpha", 1, 1, a -> {
            List<String> out = new ArrayList<>();
            for (Object o : Args.list("sortAlpha", a[0])) {
                out.add(Args.str(o));
            }
            out.sort(null);
            return new ArrayList<Object>(out);
        });
        add(f, "until", 1, 1, a -> {
            int n = Args.integer("until", a[0]);
            if (Math.abs(n) > MAX_UNTIL) {
                throw new RenderFailure("until: " + n + " is more than " + MAX_UNTIL + " elements");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i != n; i += n > 0 ? 1 : -1) {
                out.add(i);
            }
            return out;
        });
    }
}
