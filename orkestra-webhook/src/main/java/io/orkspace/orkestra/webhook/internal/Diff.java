package io.orkspace.orkestra.webhook.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differences between two JSON objects, field by field: objects are compared key by key, anything else
 * (scalars, arrays) as a whole. Used for admission JSONPatches and for the conversion round-trip check.
 */
public final class Diff {

    /** What happened to one field going from {@code before} to {@code after}. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One difference; {@code before}/{@code after} are null for ADDED/REMOVED. */
    public record Difference(FieldPath path, Kind kind, Object before, Object after) {
    }

    private Diff() {
    }

    /** Every difference, in the order of {@code before}'s keys then {@code after}'s new keys. */
    public static List<Difference> of(Map<String, ?> before, Map<String, ?> after) {
        List<Difference> out = new ArrayList<>();
        walk(FieldPath.root(), before, after, out);
        return out;
    }

    private static void walk(FieldPath at, Map<String, ?> a, Map<String, ?> b, List<Difference> out) {
        for (Map.Entry<String, ?> e : a.entrySet()) {
            FieldPath p = at.child(e.getKey());
            if (!b.containsKey(e.getKey())) {
                out.add(new Difference(p, Kind.REMOVED, e.getValue(), null));
                continue;
            }
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
                walk(p, strings(mx), strings(my), out);
            } else if (!Json.same(x, y)) {
                out.add(new Difference(p, Kind.CHANGED, x, y));
            }
        }
        for (Map.Entry<String, ?> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                out.add(new Difference(at.child(e.getKey()), Kind.ADDED, null, e.getValue()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> strings(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /** The RFC 6902 operations that turn {@code before} into {@code after}. */
    public static List<Map<String, Object>> jsonPatch(Map<String, ?> before, Map<String, ?> after) {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Difference d : of(before, after)) {
            Map<String, Object> op = new LinkedHashMap<>();
            switch (d.kind()) {
                case ADDED:
                    op.put("op", "add");
                    op.put("path", d.path().pointer());
                    op.put("value", d.after());
                    break;
                case REMOVED:
                    op.put("op", "remove");
                    op.put("path", d.path().pointer());
                    break;
                default:
                    op.put("op", "replace");
                    op.put("path", d.path().pointer());
                    op.put("value", d.after());
                    break;
            }
            ops.add(op);
        }
        return ops;
    }
}
