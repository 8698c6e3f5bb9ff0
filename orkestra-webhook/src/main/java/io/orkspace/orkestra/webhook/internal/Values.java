package io.orkspace.orkestra.webhook.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Casting rendered values to a rule's {@code valueType}, and the emptiness test {@code default} uses. */
public final class Values {

    private Values() {
    }

    /** Absent or empty: null, "", an empty array or an empty object. 0 and false are values. */
    public static boolean isEmpty(Object v) {
        return v == null || v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }

    /**
     * Casts to {@code string}, {@code int}, {@code float} or {@code bool} (null = keep the rendered type); throws
     * IllegalArgumentException with a one-line reason when the value does not convert.
     */
    public static Object cast(Object value, String valueType) {
        if (valueType == null || valueType.isBlank()) {
            return value;
        }
        String type = valueType.strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "string":
            case "str":
                return text(value);
            case "int":
            case "integer":
                return integer(value);
            case "float":
            case "number":
            case "double":
                return decimal(value);
            case "bool":
            case "boolean":
                return bool(value);
            default:
                throw new IllegalArgumentException("unknown valueType \"" + valueType + "\" (string, int, float or bool)");
        }
    }

    private static String text(Object v) {
        if (v instanceof Map || v instanceof Collection) {
            throw new IllegalArgumentException("cannot use " + Json.typeName(v) + " as a string");
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return v == null ? "" : String.valueOf(v);
    }

    private static Object integer(Object v) {
        BigDecimal d = number(v, "an int");
        try {
            BigInteger i = d.stripTrailingZeros().toBigIntegerExact();
            return i.bitLength() < 32 ? (Object) i.intValue() : i.bitLength() < 64 ? (Object) i.longValue() : i;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(show(v) + " is not a whole number");
        }
    }

    private static Object decimal(Object v) {
        return number(v, "a float").doubleValue();
    }

    private static BigDecimal number(Object v, String what) {
        if (v instanceof Number n) {
            return n instanceof BigDecimal b ? b : n instanceof BigInteger b ? new BigDecimal(b)
                    : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("cannot convert " + show(v) + " to " + what);
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return true;
            }
            if (t.equals("false")) {
                return false;
            }
        }
        throw new IllegalArgumentException("cannot convert " + show(v) + " to a bool");
    }

    /** A value as it would read in JSON, shortened for messages. */
    public static String show(Object v) {
        String s = new String(Json.write(v), java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
