package io.orkspace.orkestra.katalog.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Go's fmt for templates: printf verbs, print/println spacing, %v of floats and strconv.Quote. */
final class GoFormat {

    private GoFormat() {
    }

    /** fmt.Sprint: a space between operands when neither is a string; nil (a missing value) prints as nothing. */
    static String sprint(List<?> args) {
        StringBuilder sb = new StringBuilder();
        boolean prevString = true;
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            boolean isString = a instanceof String;
            if (i > 0 && !isString && !prevString) {
                sb.append(' ');
            }
            sb.append(Values.text(a));
            prevString = isString;
        }
        return sb.toString();
    }

    /** fmt.Sprintln: spaces between all operands and a newline at the end. */
    static String sprintln(List<?> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Values.text(args.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** fmt.Sprintf with the common verbs, flags, width and precision; misuse is an error, not {@code %!d(string=x)}. */
    static String sprintf(String format, List<?> args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int argi = 0;
        int verbs = 0;
        boolean reordered = false;
        int n = format.length();
        for (int i = 0; i < n; i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= n) {
                throw new RenderFailure("printf: the format ends with a lone \"%\" (write %% for a percent sign)");
            }
            Spec spec = new Spec();
            for (; i < n && "+-# 0".indexOf(format.charAt(i)) >= 0; i++) {
                spec.flag(format.charAt(i));
            }
            if (i < n && format.charAt(i) == '[') {
                int close = format.indexOf(']', i);
                if (close < 0) {
                    throw new RenderFailure("printf: unclosed argument index in " + quote(format));
                }
                argi = parseIndex(format.substring(i + 1, close), format) - 1;
                reordered = true;
                i = close + 1;
            }
            int start = i;
            while (i < n && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                spec.width = Integer.parseInt(format.substring(start, i));
            }
            if (i < n && format.charAt(i) == '.') {
                start = ++i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                spec.precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= n) {
                throw new RenderFailure("printf: the format " + quote(format) + " ends in the middle of a verb");
            }
            char verb = format.charAt(i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            verbs++;
            if (argi >= args.size()) {
                throw new RenderFailure("printf: missing argument for %" + verb + " (the format " + quote(format) + " has more verbs than there are arguments)");
            }
            out.append(spec.pad(verb(verb, spec, args.get(argi++)), verb));
        }
        if (!reordered && argi < args.size()) {
            throw new RenderFailure("printf: " + args.size() + " argument" + (args.size() == 1 ? "" : "s") + " for the format "
                    + quote(format) + ", which uses " + verbs);
        }
        return out.toString();
    }

    private static int parseIndex(String s, String format) {
        try {
            int idx = Integer.parseInt(s);
            if (idx >= 1) {
                return idx;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new RenderFailure("printf: bad argument index [" + s + "] in " + quote(format));
    }

    /** Flags, width and precision of one verb. */
    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int precision = -1;

        void flag(char c) {
            switch (c) {
                case '-' -> minus = true;
                case '+' -> plus = true;
                case '#' -> sharp = true;
                case ' ' -> space = true;
                default -> zero = true;
            }
        }

        String sign(boolean negative, String digits) {
            return negative ? "-" + digits : plus ? "+" + digits : space ? " " + digits : digits;
        }

        String pad(String s, char verb) {
            int len = s.codePointCount(0, s.length());
            if (width <= len) {
                return s;
            }
            String fill = (zero && !minus ? "0" : " ").repeat(width - len);
            if (minus) {
                return s + fill;
            }
            boolean numeric = "dbodxXeEfFgG".indexOf(verb) >= 0;
            if (zero && numeric && !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+' || s.charAt(0) == ' ')) {
                return s.charAt(0) + fill + s.substring(1);
            }
            return fill + s;
        }
    }

    private static String verb(char verb, Spec spec, Object arg) {
        switch (verb) {
            case 'v':
                return Values.text(arg);
            case 's': {
                String s = Values.text(arg);
                if (spec.precision >= 0 && s.codePointCount(0, s.length()) > spec.precision) {
                    s = s.substring(0, s.offsetByCodePoints(0, spec.precision));
                }
                return s;
            }
            case 'q':
                if (Values.isIntegral(arg)) {
                    return "'" + new String(Character.toChars(((Number) arg).intValue())) + "'";
                }
                return spec.sharp && !Values.text(arg).contains("`") ? "`" + Values.text(arg) + "`" : quote(Values.text(arg));
            case 't':
                if (arg instanceof Boolean b) {
                    return b.toString();
                }
                throw wrongType(verb, "a boolean", arg);
            case 'd', 'b', 'o', 'O', 'x', 'X', 'c', 'U':
                return integerVerb(verb, spec, arg);
            case 'e', 'E', 'f', 'F', 'g', 'G':
                if (!(arg instanceof Number num)) {
                    throw wrongType(verb, "a number", arg);
                }
                return floatVerb(verb, spec, num);
            case 'T':
                return goType(arg);
            default:
                throw new RenderFailure("printf: unknown verb %" + verb);
        }
    }

    private static String integerVerb(char verb, Spec spec, Object arg) {
        if ((verb == 'x' || verb == 'X') && arg instanceof String s) {
            StringBuilder sb = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                sb.append(String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff));
            }
            return sb.toString();
        }
        BigInteger v = integral(arg);
        if (v == null) {
            throw wrongType(verb, "an integer", arg);
        }
        switch (verb) {
            case 'c':
                return new String(Character.toChars(v.intValue()));
            case 'U':
                return String.format("U+%04X", v.intValue());
            default:
                String digits = switch (verb) {
                    case 'b' -> v.abs().toString(2);
                    case 'o', 'O' -> (verb == 'O' ? "0o" : spec.sharp ? "0" : "") + v.abs().toString(8);
                    case 'x' -> (spec.sharp ? "0x" : "") + v.abs().toString(16);
                    case 'X' -> (spec.sharp ? "0X" : "") + v.abs().toString(16).toUpperCase();
                    default -> v.abs().toString();
                };
                if (spec.precision > digits.length()) {
                    digits = "0".repeat(spec.precision - digits.length()) + digits;
                }
                return spec.sign(v.signum() < 0, digits);
        }
    }

    private static BigInteger integral(Object arg) {
        if (Values.isIntegral(arg)) {
            return Values.bigInteger((Number) arg);
        }
        if (arg instanceof Number n && Double.isFinite(n.doubleValue())) {
            BigDecimal d = Values.decimal(n);
            if (d.stripTrailingZeros().scale() <= 0) {
                return d.toBigInteger();
            }
        }
        return null;
    }

    private static String floatVerb(char verb, Spec spec, Number num) {
        double d = num.doubleValue();
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? (spec.plus ? "+Inf" : "+Inf") : "-Inf";
        }
        BigDecimal abs = (num instanceof BigDecimal b ? b : new BigDecimal(d)).abs();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        String body = switch (Character.toLowerCase(verb)) {
            case 'f' -> abs.setScale(spec.precision < 0 ? 6 : spec.precision, RoundingMode.HALF_EVEN).toPlainString();
            case 'e' -> exponent(abs, spec.precision < 0 ? 6 : spec.precision, false);
            default -> general(abs, spec.precision);
        };
        if (Character.isUpperCase(verb)) {
            body = body.toUpperCase();
        }
        return spec.sign(negative, body);
    }

    /** %e with {@code precision} digits after the point; {@code trim} drops trailing zeros (as %g does). */
    private static String exponent(BigDecimal abs, int precision, boolean trim) {
        if (abs.signum() == 0) {
            return (trim || precision == 0 ? "0" : "0." + "0".repeat(precision)) + "e+00";
        }
        BigDecimal r = abs.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - 1 - r.scale();
        if (trim) {
            digits = digits.replaceAll("0+$", "");
            if (digits.isEmpty()) {
                digits = "0";
            }
        } else if (digits.length() < precision + 1) {
            digits = digits + "0".repeat(precision + 1 - digits.length());
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** %g: shortest representation for precision -1, else {@code precision} significant digits. */
    private static String general(BigDecimal abs, int precision) {
        if (abs.signum() == 0) {
            return "0";
        }
        BigDecimal r;
        int eprec;
        if (precision < 0) {
            r = new BigDecimal(Double.toString(abs.doubleValue())).stripTrailingZeros();
            eprec = 6;
        } else {
            r = abs.round(new MathContext(Math.max(precision, 1), RoundingMode.HALF_EVEN)).stripTrailingZeros();
            int nd = r.unscaledValue().toString().length();
            int dp = nd - r.scale();
            eprec = Math.max(precision, 1);
            if (eprec > nd && nd >= dp) {
                eprec = nd;
            }
        }
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - 1 - r.scale();
        if (exp < -4 || exp >= eprec) {
            return exponent(r, digits.length() - 1, true);
        }
        return r.toPlainString();
    }

    /** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e21... as Go does, from 1e6 up. */
    static String formatFloatV(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        String body = general(new BigDecimal(Math.abs(d)), -1);
        return d < 0 ? "-" + body : body;
    }

    /** strconv.Quote. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                        sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** %T: the Go type a value would have after decoding JSON/YAML. */
    static String goType(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return "int";
        }
        if (Values.isIntegral(v)) {
            return "int64";
        }
        if (v instanceof Number) {
            return "float64";
        }
        if (v instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        if (Values.list(v) != null) {
            return "[]interface {}";
        }
        return Values.kind(v).substring(2);
    }

    private static RenderFailure wrongType(char verb, String wanted, Object arg) {
        return new RenderFailure("printf: %" + verb + " needs " + wanted + ", got " + Values.describe(arg)
                + (arg instanceof String ? " (a string)" : ""));
    }
}
