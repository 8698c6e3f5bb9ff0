package io.orkspace.orkestra.katalog.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Go-template value semantics over plain Java data: truth, field access, numbers, comparison and printing. */
final class Values {

    private Values() {
    }

    /** Go truthiness: false, 0, nil, "", and empty lists and maps are false. */
    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Number n) {
            return isIntegral(n) ? bigInteger(n).signum() != 0 : n.doubleValue() != 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Object[] a) {
            return a.length > 0;
        }
        return true;
    }

    /** {@code .name} on a value: a map key (a capitalised name falls back to its lower-case spelling); nil stays nil. */
    static Object field(Object target, String name) {
        if (target == null) {
            return null;
        }
        if (target instanceof Map<?, ?> m) {
            Object v = m.get(name);
            if (v == null && !name.isEmpty() && Character.isUpperCase(name.charAt(0)) && !m.containsKey(name)) {
                v = m.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
            }
            return v;
        }
        throw new RenderFailure("cannot index " + kind(target) + " with \"" + name + "\"");
    }

    /** "a string", "a number", ... for messages. */
    static String kind(Object v) {
        if (v == null) {
            return "a missing value";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Map<?, ?>) {
            return "a map";
        }
        if (v instanceof Collection<?> || v instanceof Object[]) {
            return "a list";
        }
        if (v instanceof TemporalAccessor) {
            return "a time";
        }
        return "a value";
    }

    static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    static boolean isNumber(Object v) {
        return v instanceof Number;
    }

    static BigInteger bigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    /** The smallest of Integer/Long that holds an integral result. */
    static Number integer(long v) {
        if (v == (int) v) { // not a ?: expression: it would promote the Integer back to a Long
            return Integer.valueOf((int) v);
        }
        return Long.valueOf(v);
    }

    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return isIntegral(n) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.toString());
    }

    /** Go-ish equality: numbers compare by value across Integer/Long/Double/BigDecimal; everything else by equals. */
    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y) == 0;
        }
        return Objects.equals(a, b);
    }

    static int compareNumbers(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return bigInteger(x).compareTo(bigInteger(y));
        }
        if (notFinite(x) || notFinite(y)) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return decimal(x).compareTo(decimal(y));
    }

    private static boolean notFinite(Number n) {
        return (n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue());
    }

    /** Ordering for lt/le/gt/ge: numbers with numbers, strings with strings. */
    static int compare(String fn, Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new RenderFailure(fn + ": cannot compare " + describe(a) + " with " + describe(b));
    }

    /** A value for a message: {@code "gold"} (a string), 3, a missing value. */
    static String describe(Object v) {
        if (v == null) {
            return "a missing value";
        }
        if (v instanceof String s) {
            return GoFormat.quote(s.length() > 40 ? s.substring(0, 37) + "..." : s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return print(v);
        }
        return kind(v);
    }

    /** Go's {@code %v}: how a value prints inside text. Nil prints as {@code <nil>}; top-level output uses {@link #text}. */
    static String print(Object v) {
        StringBuilder sb = new StringBuilder();
        print(v, sb);
        return sb.toString();
    }

    /** Text output of an action: nil (a missing value) prints as nothing. */
    static String text(Object v) {
        return v == null ? "" : v instanceof String s ? s : print(v);
    }

    private static void print(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("<nil>");
        } else if (v instanceof String s) {
            sb.append(s);
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(GoFormat.formatFloatV(((Number) v).doubleValue()));
        } else if (v instanceof BigDecimal d) {
            sb.append(d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : GoFormat.formatFloatV(d.doubleValue()));
        } else if (v instanceof Map<?, ?> m) {
            sb.append("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                print(e.getKey(), sb);
                sb.append(':');
                print(e.getValue(), sb);
            }
            sb.append(']');
        } else if (v instanceof Collection<?> || v instanceof Object[]) {
            sb.append('[');
            boolean first = true;
            for (Object o : list(v)) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                print(o, sb);
            }
            sb.append(']');
        } else if (v instanceof TemporalAccessor t) {
            sb.append(TimeFunctions.goString(t));
        } else {
            sb.append(v);
        }
    }

    /** A map in Go's iteration order for printing and range: keys sorted. */
    static Map<Object, Object> sorted(Map<?, ?> m) {
        Map<Object, Object> out = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        out.putAll(m);
        return out;
    }

    /** A list view of a Collection or array; null for anything else. */
    static List<?> list(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof Collection<?> c) {
            return List.copyOf(c);
        }
        if (v instanceof Object[] a) {
            return java.util.Arrays.asList(a);
        }
        return null;
    }

    /**
     * A value handed back to Java callers from evaluate(): Integer/Long/Double/Boolean/String/Map/List/null (times
     * become RFC 3339 strings, big or small number types the nearest of Integer/Long/Double).
     */
    static Object export(Object v) {
        if (v instanceof Long l) {
            return integer(l);
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return Double.valueOf(f.toString());
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? integer(b.longValue()) : b.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return integer(d.longValue());
            }
            return d.doubleValue();
        }
        if (v instanceof TemporalAccessor t) {
            return TimeFunctions.rfc3339(t);
        }
        if (v instanceof Object[] a) {
            return java.util.Arrays.asList(a);
        }
        return v;
    }
}
