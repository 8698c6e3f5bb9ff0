package io.orkspace.orkestra.katalog.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Argument conversions shared by the functions, with errors that name the function. */
final class Args {

    private Args() {
    }

    /** sprig's strval: strings as they are, nil as "", anything else as Go prints it. */
    static String str(Object v) {
        return Values.text(v);
    }

    /** A count or position: an integral number, or a string holding one. */
    static int integer(String fn, Object v) {
        Long l = toLong(v);
        if (l == null || l != l.intValue()) {
            throw new RenderFailure(fn + ": expected an integer, got " + Values.describe(v));
        }
        return l.intValue();
    }

    /** An integral value of a number (floats truncate, as sprig's toInt64 does) or numeric string; null otherwise. */
    static Long toLong(Object v) {
        if (v instanceof Number n) {
            if (Values.isIntegral(n)) {
                return Values.bigInteger(n).bitLength() < 64 ? n.longValue() : null;
            }
            double d = n.doubleValue();
            return Double.isFinite(d) && Math.abs(d) < 9.2e18 ? (long) d : null;
        }
        if (v instanceof String s) {
            String t = s.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                try {
                    BigDecimal d = new BigDecimal(t);
                    return d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? d.longValue() : null;
                } catch (NumberFormatException e2) {
                    return null;
                }
            }
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return v == null ? 0L : null;
    }

    /** A float value of a number, numeric string or boolean; null otherwise. */
    static Double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return v == null ? 0.0 : null;
    }

    static List<?> list(String fn, Object v) {
        if (v == null) {
            return List.of();
        }
        List<?> l = Values.list(v);
        if (l == null) {
            throw new RenderFailure(fn + ": expected a list, got " + Values.describe(v));
        }
        return l;
    }

    static Map<?, ?> map(String fn, Object v) {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new RenderFailure(fn + ": expected a map, got " + Values.describe(v));
    }
}
