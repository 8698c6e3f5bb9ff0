package io.orkspace.orkestra.katalog;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of a {@code when:} or {@code or:} list: a value under test, an operator and a comparand.
 * Shorthands ({@code equals: x}, {@code exists: true}, {@code min: 3}...) are turned into an operator at load time.
 *
 * @param field     the value under test: a template, or a dot path such as {@code spec.tier} (null for none)
 * @param operator  the comparison
 * @param value     the comparand (null when the operator takes none)
 * @param valueType how to compare: string (default), int, float or bool
 * @param negate    invert the result
 * @param location  where the condition was written
 * @param path      the condition's field path as written
 */
public record Condition(ValueTemplate field, Operator operator, ValueTemplate value, ValueType valueType, boolean negate,
                        Location location, String path) {

    /** The operators of the reference format (its {@code operator:} values). */
    public enum Operator {
        EQUALS("equals"), NOT_EQUALS("notEquals"), CONTAINS("contains"), NOT_CONTAINS("notContains"),
        PREFIX("prefix"), NOT_PREFIX("notPrefix"), SUFFIX("suffix"), NOT_SUFFIX("notSuffix"), REGEX("regex"),
        EXISTS("exists"), NOT_EXISTS("notExists"), GT("gt"), LT("lt"), GTE("gte"), LTE("lte"),
        BETWEEN("between"), NOT_BETWEEN("notBetween"), IN("in"), NOT_IN("notIn"), UNIQUE("unique"),
        TYPE_OF("typeOf"), TYPE_MAP("typeMap"), TYPE_LIST("typeList"), TYPE_STRING("typeString"),
        TYPE_NUMBER("typeNumber"), TYPE_BOOL("typeBool"), TYPE_NULL("typeNull");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        /** As written in a Katalog. */
        public String spelling() {
            return spelling;
        }

        public static Optional<Operator> of(String spelling) {
            return Arrays.stream(values()).filter(o -> o.spelling.equals(spelling)).findFirst();
        }
    }

    /** How values are compared. */
    public enum ValueType {
        STRING, INT, FLOAT, BOOL;

        public static Optional<ValueType> of(String spelling) {
            switch (spelling) {
                case "string": case "str": return Optional.of(STRING);
                case "int": case "integer": return Optional.of(INT);
                case "float": case "number": return Optional.of(FLOAT);
                case "bool": case "boolean": return Optional.of(BOOL);
                default: return Optional.empty();
            }
        }
    }

    /** Evaluates the condition against template data. */
    public boolean test(Map<String, ?> data) throws RenderException {
        Object actual = field == null ? null : field.render(data);
        if (field instanceof ValueTemplate.Literal lit && lit.value() instanceof String p) {
            actual = lookup(data, p); // a plain dot path, not a template
        }
        String expected = value == null ? null : stringOf(value.render(data));
        boolean result = evaluate(actual, expected);
        return negate != result;
    }

    private boolean evaluate(Object actual, String expected) throws RenderException {
        String a = stringOf(actual);
        switch (operator) {
            case EXISTS: return !isEmpty(actual);
            case NOT_EXISTS: return isEmpty(actual);
            case EQUALS: return same(actual, expected);
            case NOT_EQUALS: return !same(actual, expected);
            case CONTAINS: return a.contains(nz(expected));
            case NOT_CONTAINS: return !a.contains(nz(expected));
            case PREFIX: return a.startsWith(nz(expected));
            case NOT_PREFIX: return !a.startsWith(nz(expected));
            case SUFFIX: return a.endsWith(nz(expected));
            case NOT_SUFFIX: return !a.endsWith(nz(expected));
            case REGEX:
                try {
                    return io.orkspace.orkestra.katalog.template.Regexes.find(nz(expected), a);
                } catch (PatternSyntaxException e) {
                    return false;
                } catch (io.orkspace.orkestra.katalog.template.Regexes.TooSlow e) {
                    throw new RenderException(location, path, e.getMessage());
                }
            case GT: return compare(actual, expected) > 0;
            case LT: return compare(actual, expected) < 0;
            case GTE: return compare(actual, expected) >= 0;
            case LTE: return compare(actual, expected) <= 0;
            case BETWEEN: return between(actual, expected);
            case NOT_BETWEEN: return !between(actual, expected);
            case IN: return members(expected).contains(a);
            case NOT_IN: return !members(expected).contains(a);
            case TYPE_MAP: return actual instanceof Map;
            case TYPE_LIST: return actual instanceof Collection;
            case TYPE_STRING: return actual instanceof String;
            case TYPE_NUMBER: return actual instanceof Number;
            case TYPE_BOOL: return actual instanceof Boolean;
            case TYPE_NULL: return actual == null;
            case TYPE_OF: return typeName(actual).equals(nz(expected));
            default:
                throw new RenderException(location, path, "operator " + operator.spelling() + " cannot be evaluated here");
        }
    }

    private boolean same(Object actual, String expected) throws RenderException {
        switch (valueType) {
            case INT:
            case FLOAT:
                return compare(actual, expected) == 0;
            case BOOL:
                return Boolean.parseBoolean(stringOf(actual)) == Boolean.parseBoolean(nz(expected));
            default:
                return stringOf(actual).equals(nz(expected));
        }
    }

    private int compare(Object actual, String expected) throws RenderException {
        return Double.compare(number(actual, "the value"), number(expected, "the comparand"));
    }

    private boolean between(Object actual, String range) throws RenderException {
        String[] parts = nz(range).split(",");
        if (parts.length != 2) {
            throw new RenderException(location, path, "between expects \"min,max\", got \"" + range + "\"");
        }
        double v = number(actual, "the value");
        return v >= number(parts[0].trim(), "min") && v <= number(parts[1].trim(), "max");
    }

    private double number(Object o, String what) throws RenderException {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        String s = stringOf(o).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new RenderException(location, path, operator.spelling() + " compares numbers, but " + what + " is \"" + s + "\"");
        }
    }

    private static List<String> members(String list) {
        return Arrays.stream(nz(list).split(",", -1)).map(String::trim).toList();
    }

    private static boolean isEmpty(Object o) {
        return o == null || o instanceof String s && s.isEmpty() || o instanceof Collection<?> c && c.isEmpty()
                || o instanceof Map<?, ?> m && m.isEmpty();
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map) {
            return "map";
        }
        if (o instanceof Collection) {
            return "list";
        }
        if (o instanceof Number) {
            return "number";
        }
        return o instanceof Boolean ? "bool" : "string";
    }

    static String stringOf(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(o);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Resolves {@code spec.a.b} (a leading dot and capitalised aliases allowed) in the template data. */
    static Object lookup(Map<String, ?> data, String dotPath) {
        String p = dotPath.startsWith(".") ? dotPath.substring(1) : dotPath;
        Object cur = data;
        for (String part : p.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            Object next = m.get(part);
            if (next == null && !part.isEmpty()) {
                next = m.get(Character.toLowerCase(part.charAt(0)) + part.substring(1));
            }
            cur = next;
        }
        return cur;
    }
}
