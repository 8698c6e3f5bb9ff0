package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Quantity;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * One rendered value read as the type a field expects, and how values appear in messages. A rendered value is a
 * String, Integer, Long, Double, Boolean, Map or List; the text form of a type is accepted ({@code "3"} as an integer),
 * and a value of another type fails with {@code <path>: expected <type>, got <value>}.
 */
final class RenderedValue {

    private RenderedValue() {
    }

    /** Set to something: not null and not blank text (a template that rendered nothing). */
    static boolean present(Object v) {
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** Text, or a number or boolean written as text ({@code 3.0} as {@code 3}); not a map or a list. */
    static String text(String path, Object v) throws InvalidEntryException {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw wrongType(path, "a string", v);
    }

    /** An int: an integral number, or text that is one ({@code "3"}, {@code " +3 "}). */
    static int toInt(String path, Object v) throws InvalidEntryException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long || v instanceof BigInteger || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l == ((Number) v).doubleValue() && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } else if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim().startsWith("+") ? s.trim().substring(1) : s.trim());
            } catch (NumberFormatException e) {
                // falls through to the type error below
            }
        }
        throw wrongType(path, "an integer", v);
    }

    /** A quantity, in the canonical form the server stores. */
    static Quantity quantity(String path, String text) throws InvalidEntryException {
        String t = text.trim();
        if (!CanonicalQuantity.valid(t)) {
            throw new InvalidEntryException(path + ": expected a quantity (100m, 128Mi, 2), got " + show(text));
        }
        // as the server will store it, so that the object equals the live one
        return new Quantity(CanonicalQuantity.of(t));
    }

    static InvalidEntryException wrongType(String path, String expected, Object got) {
        return new InvalidEntryException(path + ": expected " + expected + ", got " + show(got));
    }

    /** How a rendered value appears in a message: text quoted, collections by kind. */
    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            String one = s.replace("\n", "\\n");
            return "\"" + (one.length() > 60 ? one.substring(0, 57) + "..." : one) + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "a map";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(v);
    }
}
