package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Ast.Arg;
import io.orkspace.orkestra.katalog.template.Ast.Command;
import io.orkspace.orkestra.katalog.template.Ast.Node;
import io.orkspace.orkestra.katalog.template.Ast.Pipe;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a parsed Go template into Pebble source, which Pebble then compiles once.
 *
 * <p>The generated source never uses Pebble's own attribute access, filters or functions: every Go operation becomes
 * a call to one of {@link GoExtension}'s functions ({@code o_f} reads fields, {@code f_<name>} calls a Go function,
 * {@code o_t} is Go truthiness...), so Go semantics hold exactly and templates cannot reach Java methods or classes.
 * Text and constants are never spliced into Pebble syntax: they live in a constants table read by {@code o_k(i)},
 * so no text can be mistaken for Pebble markup. Dot is a Pebble variable ({@code d0} is the root, each {@code with}
 * and {@code range} binds a fresh {@code dN}); Go variable {@code $x} is Pebble variable {@code v_x}.
 *
 * <p>Every call carries the Go source offset it came from, so a render error points at the right place.
 */
final class PebbleTranslator {

    /** The translation: Pebble source plus the constants it refers to. */
    record Translation(String pebble, List<Object> constants) {
    }

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final List<Object> constants = new ArrayList<>();
    private int dots;

    private PebbleTranslator(String src) {
        this.src = src;
    }

    static Translation translate(String src, List<Node> nodes, boolean capture) throws TemplateSyntaxException {
        PebbleTranslator t = new PebbleTranslator(src);
        if (capture) {
            Ast.Action action = (Ast.Action) nodes.stream().filter(n -> n instanceof Ast.Action).findFirst().orElseThrow();
            t.out.append("{{ o_cap(").append(t.pipe(action.pipe(), "d0")).append(") }}");
        } else {
            t.nodes(nodes, "d0");
        }
        return new Translation(t.out.toString(), List.copyOf(t.constants));
    }

    private void nodes(List<Node> nodes, String dot) throws TemplateSyntaxException {
        for (Node n : nodes) {
            node(n, dot);
        }
    }

    private void node(Node n, String dot) throws TemplateSyntaxException {
        if (n instanceof Ast.Text text) {
            if (text.text().indexOf('{') < 0) {
                out.append(text.text()); // Pebble markup always starts with '{': anything else is plain text to it
            } else {
                out.append("{{ o_k(").append(constant(text.text())).append(") }}");
            }
        } else if (n instanceof Ast.Action action) {
            Pipe p = action.pipe();
            if (p.declared().isEmpty()) {
                out.append("{{ o_p(").append(pipe(p, dot)).append(") }}");
            } else {
                declare(p.declared().get(0).name(), pipe(p, dot), p.assign());
            }
        } else if (n instanceof Ast.If iff) {
            Pipe condition = iff.condition();
            if (condition.declared().isEmpty()) {
                out.append("{% if o_t(").append(pipe(condition, dot)).append(") %}");
            } else {
                declare(condition.declared().get(0).name(), pipe(condition, dot), condition.assign());
                out.append("{% if o_t(").append(pebbleVariable(condition.declared().get(0).name())).append(") %}");
            }
            nodes(iff.then(), dot);
            otherwise(iff.otherwise(), dot);
            out.append("{% endif %}");
        } else if (n instanceof Ast.With with) {
            String d = "d" + (++dots);
            out.append("{% set ").append(d).append(" = ").append(pipe(with.value(), dot)).append(" %}");
            out.append("{% if o_t(").append(d).append(") %}");
            if (!with.value().declared().isEmpty()) {
                declare(with.value().declared().get(0).name(), d, false);
            }
            nodes(with.body(), d);
            otherwise(with.otherwise(), dot);
            out.append("{% endif %}");
        } else if (n instanceof Ast.Range range) {
            String d = "d" + (++dots);
            String pair = "p" + dots;
            Pipe p = range.value();
            out.append("{% for ").append(pair).append(" in o_range(").append(p.at()).append(", ").append(pipe(p, dot)).append(") %}");
            out.append("{% set ").append(d).append(" = o_val(").append(pair).append(") %}");
            if (p.declared().size() == 1) {
                declare(p.declared().get(0).name(), d, false);
            } else if (p.declared().size() == 2) {
                declare(p.declared().get(0).name(), "o_key(" + pair + ")", false);
                declare(p.declared().get(1).name(), d, false);
            }
            nodes(range.body(), d);
            if (range.otherwise() != null) {
                out.append("{% else %}");
                nodes(range.otherwise(), dot);
            }
            out.append("{% endfor %}");
        } else {
            throw new IllegalStateException("unknown node " + n);
        }
    }

    private void otherwise(List<Node> otherwise, String dot) throws TemplateSyntaxException {
        if (otherwise != null) {
            out.append("{% else %}");
            nodes(otherwise, dot);
        }
    }

    private void declare(String variable, String expression, boolean assign) {
        String name = pebbleVariable(variable);
        if (assign) {
            out.append("{{ o_assign('").append(name).append("', ").append(expression).append(") }}");
        } else {
            out.append("{% set ").append(name).append(" = ").append(expression).append(" %}");
        }
    }

    private static String pebbleVariable(String goVariable) {
        return goVariable.equals("$") ? "d0" : "v_" + goVariable.substring(1);
    }

    /** A pipeline: each command's value is passed as the last argument of the next command. */
    private String pipe(Pipe p, String dot) throws TemplateSyntaxException {
        String value = null;
        for (Command c : p.commands()) {
            value = command(c, dot, value);
        }
        return value;
    }

    private String command(Command c, String dot, String piped) throws TemplateSyntaxException {
        Arg first = c.args().get(0);
        if (first instanceof Ast.Function f) {
            List<String> args = new ArrayList<>();
            for (Arg a : c.args().subList(1, c.args().size())) {
                args.add(arg(a, dot));
            }
            if (piped != null) {
                args.add(piped);
            }
            Functions.Fn fn = Functions.get(f.name());
            if (args.size() < fn.min() || fn.max() >= 0 && args.size() > fn.max()) {
                throw GoLexer.syntaxError(src, f.at(), "wrong number of arguments for " + f.name() + ": expected "
                        + fn.arity() + ", got " + args.size() + (piped != null ? " (counting the piped value)" : ""));
            }
            if (f.name().equals("and") || f.name().equals("or")) {
                return shortCircuit(f.name().equals("and"), args, 0);
            }
            StringBuilder call = new StringBuilder("f_").append(f.name()).append('(').append(f.at());
            for (String a : args) {
                call.append(", ").append(a);
            }
            return call.append(')').toString();
        }
        if (c.args().size() > 1) {
            throw GoLexer.syntaxError(src, c.args().get(1).at(), "can't give argument to non-function " + src.substring(first.at(),
                    c.args().get(1).at()).trim());
        }
        if (piped != null) {
            throw GoLexer.syntaxError(src, first.at(), "can't give argument to non-function " + src.substring(first.at(),
                    endOf(c)).trim() + " (only a function can follow \"|\")");
        }
        return arg(first, dot);
    }

    private int endOf(Command c) {
        int at = c.at();
        int end = at;
        while (end < src.length() && src.charAt(end) != '|' && src.charAt(end) != '}' && src.charAt(end) != ')') {
            end++;
        }
        return end;
    }

    /** Go's and/or stop at the first deciding argument; arguments are pure expressions, so repeating one is safe. */
    private static String shortCircuit(boolean and, List<String> args, int i) {
        if (i == args.size() - 1) {
            return args.get(i);
        }
        String head = args.get(i);
        String rest = shortCircuit(and, args, i + 1);
        return and ? "(o_t(" + head + ") ? " + rest + " : " + head + ")" : "(o_t(" + head + ") ? " + head + " : " + rest + ")";
    }

    private String arg(Arg a, String dot) throws TemplateSyntaxException {
        if (a instanceof Ast.Dot) {
            return dot;
        }
        if (a instanceof Ast.Field f) {
            return fields(f.at(), dot, f.names());
        }
        if (a instanceof Ast.Variable v) {
            return fields(v.at(), pebbleVariable(v.name()), v.fields());
        }
        if (a instanceof Ast.Literal l) {
            if (l.value() == null) {
                return "null";
            }
            if (l.value() instanceof Boolean b) {
                return b.toString();
            }
            return "o_k(" + constant(l.value()) + ")";
        }
        if (a instanceof Ast.Nested n) {
            return fields(n.at(), "(" + pipe(n.pipe(), dot) + ")", n.fields());
        }
        if (a instanceof Ast.Function f) {
            Functions.Fn fn = Functions.get(f.name());
            if (fn.min() > 0) {
                throw GoLexer.syntaxError(src, f.at(), "wrong number of arguments for " + f.name() + ": expected " + fn.arity()
                        + ", got 0 (use parentheses to call a function inside arguments: (" + f.name() + " ...))");
            }
            return "f_" + f.name() + "(" + f.at() + ")";
        }
        throw new IllegalStateException("unknown argument " + a);
    }

    private String fields(int at, String target, List<String> names) {
        if (names.isEmpty()) {
            return target;
        }
        StringBuilder sb = new StringBuilder("o_f(").append(at).append(", ").append(target);
        for (String name : names) {
            sb.append(", '").append(name).append('\''); // field names are Go identifiers: safe in a Pebble string
        }
        return sb.append(')').toString();
    }

    private int constant(Object value) {
        int i = constants.indexOf(value);
        if (i >= 0 && constants.get(i).getClass() == value.getClass()) {
            return i;
        }
        constants.add(value);
        return constants.size() - 1;
    }
}
