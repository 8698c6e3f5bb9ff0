package io.orkspace.orkestra.katalog.template;

import java.util.List;

/** The parsed Go template: a tree of these nodes. {@code at} is a character offset into the source. */
final class Ast {

    private Ast() {
    }

    sealed interface Node permits Text, Action, If, With, Range {
    }

    record Text(String text) implements Node {
    }

    /** {@code {{ pipeline }}}: prints the value, or declares/assigns variables and prints nothing. */
    record Action(Pipe pipe, int at) implements Node {
    }

    /** {@code otherwise} is null without an else branch; an {@code else if} is an If alone in {@code otherwise}. */
    record If(Pipe condition, List<Node> then, List<Node> otherwise, int at) implements Node {
    }

    record With(Pipe value, List<Node> body, List<Node> otherwise, int at) implements Node {
    }

    record Range(Pipe value, List<Node> body, List<Node> otherwise, int at) implements Node {
    }

    /** {@code $a, $b := cmd | cmd}; {@code assign} for {@code =} instead of {@code :=}. */
    record Pipe(List<Variable> declared, boolean assign, List<Command> commands, int at) {
    }

    record Command(List<Arg> args, int at) {
    }

    sealed interface Arg permits Field, Variable, Dot, Literal, Function, Nested {
        int at();
    }

    /** {@code .a.b}: fields of dot. */
    record Field(List<String> names, int at) implements Arg {
    }

    /** {@code $x.a.b} ({@code name} is "$x", or "$" for the root). */
    record Variable(String name, List<String> fields, int at) implements Arg {
    }

    record Dot(int at) implements Arg {
    }

    /** A string, number, boolean or nil constant. */
    record Literal(Object value, int at) implements Arg {
    }

    /** A function name in argument position. */
    record Function(String name, int at) implements Arg {
    }

    /** {@code (pipeline).a.b}. */
    record Nested(Pipe pipe, List<String> fields, int at) implements Arg {
    }
}
