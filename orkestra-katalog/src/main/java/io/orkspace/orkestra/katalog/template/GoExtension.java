package io.orkspace.orkestra.katalog.template;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pebble functions the {@link PebbleTranslator}'s output calls: Go's value semantics ({@code o_*}) and every
 * template function ({@code f_<name>}). Arguments arrive positionally ({@code "0"}, {@code "1"}, ...); the first
 * argument of a located call is the Go source offset, used to place an error.
 */
final class GoExtension extends AbstractExtension {

    /** Render-map variable names shared with {@link CompiledTemplate}. */
    static final String ROOT = "d0";
    static final String CONSTANTS = "k";
    static final String CAPTURE = "out";

    private static final String[] POSITIONS = new String[64];

    static {
        for (int i = 0; i < POSITIONS.length; i++) {
            POSITIONS[i] = String.valueOf(i);
        }
    }

    /** An error raised at a known place of the Go source. */
    static final class LocatedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;

        LocatedFailure(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** A Pebble function with positional arguments only. */
    private interface Positional extends Function {
        @Override
        default List<String> getArgumentNames() {
            return null;
        }

        @Override
        default Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            return call(args, context);
        }

        Object call(Map<String, Object> args, EvaluationContext context);
    }

    private final Map<String, Function> functions;

    GoExtension() {
        Map<String, Function> f = new HashMap<>();
        f.put("o_k", (Positional) (a, c) -> constants(c).get(((Number) a.get("0")).intValue()));
        f.put("o_p", (Positional) (a, c) -> Values.text(a.get("0")));
        f.put("o_t", (Positional) (a, c) -> Values.truth(a.get("0")));
        f.put("o_f", (Positional) GoExtension::field);
        f.put("o_range", (Positional) GoExtension::range);
        f.put("o_key", (Positional) (a, c) -> ((Object[]) a.get("0"))[0]);
        f.put("o_val", (Positional) (a, c) -> ((Object[]) a.get("0"))[1]);
        f.put("o_assign", (Positional) (a, c) -> {
            ((EvaluationContextImpl) c).getScopeChain().set((String) a.get("0"), a.get("1"));
            return "";
        });
        f.put("o_cap", (Positional) (a, c) -> {
            ((Object[]) c.getVariable(CAPTURE))[0] = a.get("0");
            return "";
        });
        for (Functions.Fn fn : Functions.all().values()) {
            f.put("f_" + fn.name(), (Positional) (a, c) -> call(fn, a));
        }
        this.functions = Map.copyOf(f);
    }

    @Override
    public Map<String, Function> getFunctions() {
        return functions;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> constants(EvaluationContext c) {
        return (List<Object>) c.getVariable(CONSTANTS);
    }

    private static int offset(Map<String, Object> a) {
        return ((Number) a.get("0")).intValue();
    }

    private static Object field(Map<String, Object> a, EvaluationContext c) {
        int at = offset(a);
        Object cur = a.get("1");
        try {
            for (int i = 2; i < a.size(); i++) {
                cur = Values.field(cur, (String) a.get(position(i)));
            }
        } catch (RenderFailure e) {
            throw new LocatedFailure(at, e.getMessage());
        }
        return cur;
    }

    private static Object range(Map<String, Object> a, EvaluationContext c) {
        int at = offset(a);
        Object v = a.get("1");
        List<Object[]> pairs = new ArrayList<>();
        if (v == null) {
            return pairs;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<Object, Object> e : Values.sorted(m).entrySet()) {
                pairs.add(new Object[] {e.getKey(), e.getValue()});
            }
            return pairs;
        }
        List<?> list = Values.list(v);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                pairs.add(new Object[] {i, list.get(i)});
            }
            return pairs;
        }
        if (Values.isIntegral(v)) {
            long n = ((Number) v).longValue();
            if (n > 1_000_000) {
                throw new LocatedFailure(at, "range over " + n + ": too many iterations (at most 1000000)");
            }
            for (int i = 0; i < n; i++) {
                pairs.add(new Object[] {i, i});
            }
            return pairs;
        }
        throw new LocatedFailure(at, "range can't iterate over " + Values.describe(v) + " (" + Values.kind(v) + ")");
    }

    private static Object call(Functions.Fn fn, Map<String, Object> a) {
        int at = offset(a);
        Object[] args = new Object[a.size() - 1];
        for (int i = 0; i < args.length; i++) {
            args[i] = a.get(position(i + 1));
        }
        try {
            return fn.body().call(args);
        } catch (RenderFailure e) {
            throw new LocatedFailure(at, e.getMessage());
        } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException | ClassCastException e) {
            throw new LocatedFailure(at, fn.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static String position(int i) {
        return i < POSITIONS.length ? POSITIONS[i] : String.valueOf(i);
    }
}
