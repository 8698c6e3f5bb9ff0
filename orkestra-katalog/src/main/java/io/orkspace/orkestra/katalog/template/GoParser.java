package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Ast.Arg;
import io.orkspace.orkestra.katalog.template.Ast.Command;
import io.orkspace.orkestra.katalog.template.Ast.Node;
import io.orkspace.orkestra.katalog.template.Ast.Pipe;
import io.orkspace.orkestra.katalog.template.GoLexer.Kind;
import io.orkspace.orkestra.katalog.template.GoLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses Go-template tokens into an {@link Ast} tree, the way Go's text/template/parse does. */
final class GoParser {

    private static final Set<String> UNSUPPORTED = Set.of("define", "template", "block", "break", "continue");

    /** Why an item list stopped: at {{ end }}, at {{ else }} (maybe followed by if/with), or at the end of the source. */
    private record Stop(String kind, int at, Token keyword) {
    }

    private final String src;
    private final List<Token> tokens;
    private int i;

    private GoParser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static List<Node> parse(String src) throws TemplateSyntaxException {
        GoParser p = new GoParser(src, GoLexer.lex(src));
        List<Node> nodes = new ArrayList<>();
        Stop stop = p.itemList(nodes);
        if (!stop.kind.equals("eof")) {
            throw p.error(stop.at, "\"" + stop.kind + "\" without a matching \"if\"/\"range\"/\"with\"");
        }
        return nodes;
    }

    private Stop itemList(List<Node> into) throws TemplateSyntaxException {
        while (true) {
            Token t = next();
            switch (t.kind()) {
                case TEXT -> into.add(new Ast.Text(t.text()));
                case EOF -> {
                    return new Stop("eof", t.offset(), null);
                }
                case LEFT -> {
                    Stop stop = action(t.offset(), into);
                    if (stop != null) {
                        return stop;
                    }
                }
                default -> throw error(t.offset(), "unexpected " + describe(t));
            }
        }
    }

    /** Parses what follows "{{"; returns a Stop for end/else, otherwise adds a node and returns null. */
    private Stop action(int left, List<Node> into) throws TemplateSyntaxException {
        Token k = peek();
        if (k.kind() == Kind.IDENT) {
            switch (k.text()) {
                case "end" -> {
                    next();
                    expect(Kind.RIGHT, "end");
                    return new Stop("end", left, null);
                }
                case "else" -> {
                    next();
                    Token after = peek();
                    if (after.kind() == Kind.IDENT && (after.text().equals("if") || after.text().equals("with"))) {
                        return new Stop("else", left, after);
                    }
                    expect(Kind.RIGHT, "else");
                    return new Stop("else", left, null);
                }
                case "if", "with", "range" -> {
                    next();
                    into.add(control(k.text(), left));
                    return null;
                }
                default -> {
                    if (UNSUPPORTED.contains(k.text())) {
                        throw error(k.offset(), "\"" + k.text() + "\" is not supported in Orkestra templates"
                                + (k.text().equals("break") || k.text().equals("continue") ? "" : " (a template is one value: no named templates)"));
                    }
                }
            }
        }
        into.add(new Ast.Action(pipeline("command", Kind.RIGHT), left));
        return null;
    }

    private Node control(String context, int left) throws TemplateSyntaxException {
        Pipe pipe = pipeline(context, Kind.RIGHT);
        List<Node> body = new ArrayList<>();
        Stop stop = itemList(body);
        List<Node> otherwise = null;
        if (stop.kind.equals("eof")) {
            throw error(left, "unexpected end of template: {{ " + context + " }} has no matching {{ end }}");
        }
        if (stop.kind.equals("else")) {
            otherwise = new ArrayList<>();
            if (stop.keyword != null) {
                if (!stop.keyword.text().equals(context)) {
                    throw error(stop.keyword.offset(), "\"else " + stop.keyword.text() + "\" is not allowed in " + context
                            + " (write {{ else }}{{ " + stop.keyword.text() + " ... }}...{{ end }})");
                }
                next();
                otherwise.add(control(context, stop.at)); // the chained if/with consumes the shared {{ end }}
            } else {
                Stop second = itemList(otherwise);
                if (second.kind.equals("eof")) {
                    throw error(left, "unexpected end of template: {{ " + context + " }} has no matching {{ end }}");
                }
                if (second.kind.equals("else")) {
                    throw error(second.at, "a second \"else\" in " + context + " (expected {{ end }})");
                }
            }
        }
        return switch (context) {
            case "if" -> new Ast.If(pipe, body, otherwise, left);
            case "with" -> new Ast.With(pipe, body, otherwise, left);
            default -> new Ast.Range(pipe, body, otherwise, left);
        };
    }

    private Pipe pipeline(String context, Kind end) throws TemplateSyntaxException {
        int at = peek().offset();
        List<Ast.Variable> declared = new ArrayList<>();
        boolean assign = false;
        if (peek().kind() == Kind.VARIABLE && !context.equals("parenthesized pipeline")) {
            Kind after = peekAt(1).kind();
            boolean two = after == Kind.COMMA && peekAt(2).kind() == Kind.VARIABLE
                    && (peekAt(3).kind() == Kind.DECLARE || peekAt(3).kind() == Kind.ASSIGN);
            if (after == Kind.DECLARE || after == Kind.ASSIGN || two) {
                if (two && !context.equals("range")) {
                    throw error(peekAt(1).offset(), "too many declarations in " + context + " (only range declares two)");
                }
                Token v = next();
                declared.add(new Ast.Variable(v.text(), List.of(), v.offset()));
                if (two) {
                    next();
                    Token w = next();
                    declared.add(new Ast.Variable(w.text(), List.of(), w.offset()));
                }
                assign = next().kind() == Kind.ASSIGN;
            }
        }
        List<Command> commands = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == end && commands.isEmpty()) {
                throw error(t.offset(), missing(context, t, !declared.isEmpty()));
            }
            commands.add(command(context, end));
            Token sep = next();
            if (sep.kind() == end) {
                break;
            }
            if (sep.kind() != Kind.PIPE) {
                throw error(sep.offset(), "unexpected " + describe(sep) + " in " + context);
            }
            if (peek().kind() == end) {
                throw error(peek().offset(), "missing function after \"|\"");
            }
        }
        return new Pipe(List.copyOf(declared), assign, List.copyOf(commands), at);
    }

    private String missing(String context, Token t, boolean declaring) {
        String found = "unexpected " + describe(t) + " in " + context + ": ";
        if (declaring) {
            return found + "missing value after := or =";
        }
        return switch (context) {
            case "if" -> found + "missing condition";
            case "range" -> found + "missing value to range over";
            case "with" -> found + "missing value";
            case "parenthesized pipeline" -> "empty parentheses";
            default -> "empty action {{ }}";
        };
    }

    private Command command(String context, Kind end) throws TemplateSyntaxException {
        int at = peek().offset();
        List<Arg> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.PIPE || t.kind() == end || t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN || t.kind() == Kind.EOF) {
                break;
            }
            if (!args.isEmpty() && !t.spaced()) {
                throw error(t.offset(), "missing space before " + describe(t));
            }
            args.add(operand(context));
        }
        if (args.isEmpty()) {
            throw error(peek().offset(), peek().kind() == Kind.PIPE ? "missing value before \"|\"" : "unexpected " + describe(peek()) + " in " + context);
        }
        return new Command(List.copyOf(args), at);
    }

    private Arg operand(String context) throws TemplateSyntaxException {
        Arg term = term(context);
        List<String> chain = new ArrayList<>();
        while (peek().kind() == Kind.FIELD && !peek().spaced()) {
            chain.add(next().text().substring(1));
        }
        if (peek().kind() == Kind.DOT && !peek().spaced()) {
            throw error(peek().offset(), "unexpected \".\" after " + src.substring(term.at(), peek().offset()));
        }
        if (chain.isEmpty()) {
            return term;
        }
        if (term instanceof Ast.Field f) {
            List<String> names = new ArrayList<>(f.names());
            names.addAll(chain);
            return new Ast.Field(List.copyOf(names), f.at());
        }
        if (term instanceof Ast.Variable v) {
            return new Ast.Variable(v.name(), List.copyOf(chain), v.at());
        }
        if (term instanceof Ast.Nested n) {
            return new Ast.Nested(n.pipe(), List.copyOf(chain), n.at());
        }
        throw error(term.at(), "cannot read field ." + chain.get(0) + " of " + src.substring(term.at(), peek().offset()).trim());
    }

    private Arg term(String context) throws TemplateSyntaxException {
        Token t = next();
        int at = t.offset();
        return switch (t.kind()) {
            case DOT -> new Ast.Dot(at);
            case FIELD -> new Ast.Field(List.of(t.text().substring(1)), at);
            case VARIABLE -> new Ast.Variable(t.text(), List.of(), at);
            case STRING -> new Ast.Literal(Literals.string(t.text(), src, at), at);
            case CHAR -> new Ast.Literal(Literals.character(t.text(), src, at), at);
            case NUMBER -> new Ast.Literal(Literals.number(t.text(), src, at), at);
            case LPAREN -> new Ast.Nested(pipeline("parenthesized pipeline", Kind.RPAREN), List.of(), at);
            case IDENT -> identifier(t, context);
            default -> throw error(at, "unexpected " + describe(t) + " in " + context);
        };
    }

    private Arg identifier(Token t, String context) throws TemplateSyntaxException {
        switch (t.text()) {
            case "true":
                return new Ast.Literal(Boolean.TRUE, t.offset());
            case "false":
                return new Ast.Literal(Boolean.FALSE, t.offset());
            case "nil":
                return new Ast.Literal(null, t.offset());
            case "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue":
                throw error(t.offset(), "unexpected \"" + t.text() + "\" in " + context);
            default:
                if (!Functions.exists(t.text())) {
                    String guess = Functions.suggest(t.text());
                    throw error(t.offset(), "unknown function \"" + t.text() + "\"" + (guess == null ? "" : " (did you mean \"" + guess + "\"?)"));
                }
                return new Ast.Function(t.text(), t.offset());
        }
    }

    private Token next() {
        return tokens.get(Math.min(i++, tokens.size() - 1));
    }

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private void expect(Kind kind, String context) throws TemplateSyntaxException {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t.offset(), "unexpected " + describe(t) + " in " + context);
        }
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "end of template";
            case TEXT -> "text";
            default -> "\"" + t.text() + "\"";
        };
    }

    private TemplateSyntaxException error(int offset, String detail) {
        return GoLexer.syntaxError(src, offset, detail);
    }
}
