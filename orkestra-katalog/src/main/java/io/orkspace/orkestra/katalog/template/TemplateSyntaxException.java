package io.orkspace.orkestra.katalog.template;

/**
 * A template that does not parse: where (1-based line and column in the template source) and why.
 * The message reads {@code template syntax error at 1:18: unclosed action (missing "}}")}; {@link #detail()} is the
 * part after the position, for callers that report their own location (a Katalog file and line).
 */
public final class TemplateSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String detail;

    TemplateSyntaxException(int line, int column, String detail) {
        super("template syntax error at " + line + ":" + column + ": " + detail, null, false, false);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** The 1-based line in the template source. */
    public int line() {
        return line;
    }

    /** The 1-based column in the template source. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String detail() {
        return detail;
    }
}
