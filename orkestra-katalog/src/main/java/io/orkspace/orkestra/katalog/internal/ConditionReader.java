package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Condition;
import io.orkspace.orkestra.katalog.Condition.Operator;
import io.orkspace.orkestra.katalog.Conditions;
import io.orkspace.orkestra.katalog.ValueTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code when:}/{@code or:} entries (and the check part of validation rules) into {@link Condition}s. */
final class ConditionReader {

    /** Shorthand keys and the operator each stands for. exists/notExists take a boolean instead of a value. */
    private static final Map<String, Operator> SHORTHANDS = new LinkedHashMap<>();

    static {
        for (Operator o : Operator.values()) {
            SHORTHANDS.put(o.spelling(), o);
        }
        SHORTHANDS.keySet().removeIf(k -> k.startsWith("type") || k.equals("unique") || k.equals("gt") || k.equals("lt")
                || k.equals("gte") || k.equals("lte"));
        SHORTHANDS.put("greaterThan", Operator.GT);
        SHORTHANDS.put("lessThan", Operator.LT);
        SHORTHANDS.put("greaterThanOrEqual", Operator.GTE);
        SHORTHANDS.put("min", Operator.GTE);
        SHORTHANDS.put("lessThanOrEqual", Operator.LTE);
        SHORTHANDS.put("max", Operator.LTE);
    }

    private final NodeReader r;

    ConditionReader(NodeReader r) {
        this.r = r;
    }

    /** The {@code when} and {@code or} lists of an object (either may be absent). */
    Conditions conditions(Node.MapNode owner) {
        if (owner == null) {
            return Conditions.NONE;
        }
        return new Conditions(list(NodeReader.list(owner, "when")), list(NodeReader.list(owner, "or")));
    }

    private List<Condition> list(List<Node> items) {
        List<Condition> out = new ArrayList<>();
        for (Node n : items) {
            if (n instanceof Node.MapNode m) {
                Condition c = condition(m);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** One condition; null (with a problem recorded) when it cannot be understood. */
    Condition condition(Node.MapNode m) {
        Node fieldNode = m.get("field");
        ValueTemplate field = fieldNode == null ? null : r.compile(fieldNode);
        Operator op = null;
        ValueTemplate value = null;
        Object explicit = NodeReader.scalar(m, "operator");
        if (explicit != null) {
            op = Operator.of(String.valueOf(explicit)).orElse(null);
            value = r.compile(m, "value");
        }
        for (Map.Entry<String, Operator> s : SHORTHANDS.entrySet()) {
            Node n = m.get(s.getKey());
            if (n == null || n instanceof Node.ScalarNode sn && sn.isNull()) {
                continue;
            }
            if (op != null) {
                r.problem(n, "a condition takes one operator; \"" + s.getKey() + "\" is a second one");
                return null;
            }
            op = s.getValue();
            if (op == Operator.EXISTS || op == Operator.NOT_EXISTS) {
                boolean yes = NodeReader.bool(m, s.getKey(), true);
                op = yes == (op == Operator.EXISTS) ? Operator.EXISTS : Operator.NOT_EXISTS;
            } else {
                value = r.compile(n);
            }
        }
        if (op == null) {
            op = Operator.EXISTS;
        }
        if (op == Operator.UNIQUE) {
            r.problem(m.get("operator"), "operator \"unique\" is not supported yet");
            return null;
        }
        if (field == null && op != Operator.EXISTS && op != Operator.NOT_EXISTS) {
            r.problem(m, "missing required field \"field\" (the value the condition tests)");
            return null;
        }
        String vt = NodeReader.str(m, "valueType", "string");
        Condition.ValueType valueType = Condition.ValueType.of(vt).orElse(Condition.ValueType.STRING);
        return new Condition(field, op, value, valueType, NodeReader.bool(m, "negate", false), m.location(), m.path());
    }
}
