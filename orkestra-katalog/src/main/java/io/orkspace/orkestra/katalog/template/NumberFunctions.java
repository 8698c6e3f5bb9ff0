package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Functions.Fn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

import static io.orkspace.orkestra.katalog.template.Functions.add;

/**
 * Arithmetic and conversions. As in sprig, add/sub/mul/div/mod/max/min work on integers (floats are truncated);
 * addf/subf/mulf/divf/maxf/minf work on floats. Integer results are Integer when they fit, else Long.
 */
final class NumberFunctions {

    private NumberFunctions() {
    }

    static void register(Map<String, Fn> f) {
        add(f, "add", 1, -1, a -> fold("add", a, Math::addExact));
        add(f, "add1", 1, 1, a -> fold("add1", new Object[] {a[0], 1}, Math::addExact));
        add(f, "sub", 2, 2, a -> fold("sub", a, Math::subtractExact));
        add(f, "mul", 1, -1, a -> fold("mul", a, Math::multiplyExact));
        add(f, "div", 2, 2, a -> fold("div", a, (x, y) -> {
            if (y == 0) {
                throw new RenderFailure("div: division by zero");
            }
            return x / y;
        }));
        add(f, "mod", 2, 2, a -> fold("mod", a, (x, y) -> {
            if (y == 0) {
                throw new RenderFailure("mod: division by zero");
            }
            return x % y;
        }));
        add(f, "max", 1, -1, a -> fold("max", a, Math::max));
        add(f, "min", 1, -1, a -> fold("min", a, Math::min));
        add(f, "addf", 1, -1, a -> foldf("addf", a, Double::sum));
        add(f, "subf", 2, 2, a -> foldf("subf", a, (x, y) -> x - y));
        add(f, "mulf", 1, -1, a -> foldf("mulf", a, (x, y) -> x * y));
        add(f, "divf", 2, 2, a -> foldf("divf", a, (x, y) -> {
            if (y == 0) {
                throw new RenderFailure("divf: division by zero");
            }
            return x / y;
        }));
        add(f, "maxf", 1, -1, a -> foldf("maxf", a, Math::max));
        add(f, "minf", 1, -1, a -> foldf("minf", a, Math::min));
        add(f, "floor", 1, 1, a -> Math.floor(toFloat("floor", a[0])));
        add(f, "ceil", 1, 1, a -> Math.ceil(toFloat("ceil", a[0])));
        add(f, "round", 2, 2, a -> BigDecimal.valueOf(toFloat("round", a[0]))
                .setScale(Args.integer("round", a[1]), RoundingMode.HALF_UP).doubleValue());
        add(f, "toString", 1, 1, a -> Args.str(a[0]));
        add(f, "toInt", 1, 1, a -> Values.integer(toInt("toInt", a[0])));
        add(f, "atoi", 1, 1, a -> Values.integer(toInt("atoi", a[0])));
        add(f, "int", 1, 1, a -> Values.integer(toInt("int", a[0])));
        add(f, "int64", 1, 1, a -> toInt("int64", a[0]));
        add(f, "toFloat", 1, 1, a -> toFloat("toFloat", a[0]));
        add(f, "float64", 1, 1, a -> toFloat("float64", a[0]));
        add(f, "toBool", 1, 1, a -> toBool(a[0]));
    }

    private static Number fold(String fn, Object[] a, LongBinaryOperator op) {
        long acc = toInt(fn, a[0]);
        try {
            for (int i = 1; i < a.length; i++) {
                acc = op.applyAsLong(acc, toInt(fn, a[i]));
            }
        } catch (ArithmeticException e) {
            throw new RenderFailure(fn + ": integer overflow");
        }
        return Values.integer(acc);
    }

    private static Double foldf(String fn, Object[] a, DoubleBinaryOperator op) {
        double acc = toFloat(fn, a[0]);
        for (int i = 1; i < a.length; i++) {
            acc = op.applyAsDouble(acc, toFloat(fn, a[i]));
        }
        return acc;
    }

    static long toInt(String fn, Object v) {
        Long l = Args.toLong(v);
        if (l == null) {
            throw new RenderFailure(fn + ": cannot convert " + Values.describe(v) + " to an integer");
        }
        return l;
    }

    static double toFloat(String fn, Object v) {
        Double d = Args.toDouble(v);
        if (d == null) {
            throw new RenderFailure(fn + ": cannot convert " + Values.describe(v) + " to a number");
        }
        return d;
    }

    /** strconv.ParseBool for strings; numbers are true unless zero; nil is false. */
    static boolean toBool(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number) {
            return Values.truth(v);
        }
        if (v instanceof String s) {
            switch (s.trim()) {
                case "1", "t", "T", "true", "TRUE", "True":
                    return true;
                case "0", "f", "F", "false", "FALSE", "False", "":
                    return false;
                default:
                    break;
            }
        }
        throw new RenderFailure("toBool: cannot convert " + Values.describe(v) + " to a boolean");
    }
}
