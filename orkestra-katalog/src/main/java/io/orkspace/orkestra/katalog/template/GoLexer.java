package io.orkspace.orkestra.katalog.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Go-template source into tokens: text between actions (already trimmed by {@code {{-} and {@code -}}}),
 * action delimiters, and the tokens inside actions. Comments vanish here.
 */
final class GoLexer {

    enum Kind { TEXT, LEFT, RIGHT, IDENT, FIELD, VARIABLE, DOT, STRING, NUMBER, CHAR, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF }

    /** One token; {@code spaced} is true when whitespace precedes it inside an action (Go separates arguments by it). */
    record Token(Kind kind, String text, int offset, boolean spaced) {
    }

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private GoLexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String src) throws TemplateSyntaxException {
        GoLexer lexer = new GoLexer(src);
        lexer.run();
        return lexer.out;
    }

    private void run() throws TemplateSyntaxException {
        boolean trimNext = false;
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            int textEnd = open < 0 ? src.length() : open;
            String text = src.substring(pos, textEnd);
            int textStart = pos;
            if (trimNext) {
                int skip = leadingSpace(text);
                text = text.substring(skip);
                textStart += skip;
            }
            trimNext = false;
            if (open >= 0 && isTrimMarker(open + 2)) {
                text = text.substring(0, text.length() - trailingSpace(text));
            }
            if (!text.isEmpty()) {
                out.add(new Token(Kind.TEXT, text, textStart, false));
            }
            if (open < 0) {
                pos = src.length();
                break;
            }
            trimNext = action(open);
        }
        out.add(new Token(Kind.EOF, "", src.length(), false));
    }

    /** Lexes one action starting at {@code open}; returns whether it ends with a trim marker. */
    private boolean action(int open) throws TemplateSyntaxException {
        pos = open + 2;
        if (isTrimMarker(pos)) {
            pos += 2;
        }
        int afterMarker = pos;
        if (src.startsWith("/*", pos)) {
            return comment(open);
        }
        pos = afterMarker;
        out.add(new Token(Kind.LEFT, "{{", open, false));
        boolean spaced = afterMarker > open + 2;
        while (true) {
            if (pos >= src.length()) {
                throw error(open, "unclosed action (missing \"}}\")");
            }
            char c = src.charAt(pos);
            if (isSpace(c)) {
                int start = pos;
                while (pos < src.length() && isSpace(src.charAt(pos))) {
                    pos++;
                }
                if (src.startsWith("-}}", pos)) {
                    out.add(new Token(Kind.RIGHT, "}}", pos, true));
                    pos += 3;
                    return true;
                }
                spaced = pos > start;
                continue;
            }
            if (src.startsWith("}}", pos)) {
                out.add(new Token(Kind.RIGHT, "}}", pos, spaced));
                pos += 2;
                return false;
            }
            int start = pos;
            Kind kind = token(c, open);
            out.add(new Token(kind, src.substring(start, pos), start, spaced));
            spaced = false;
        }
    }

    private boolean comment(int open) throws TemplateSyntaxException {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
            throw error(pos, "unclosed comment (missing \"*/\")");
        }
        pos = end + 2;
        if (src.startsWith("}}", pos)) {
            pos += 2;
            return false;
        }
        if (src.startsWith(" -}}", pos)) {
            pos += 4;
            return true;
        }
        throw error(pos, "comment ends before the closing delimiter (write \"*/}}\")");
    }

    private Kind token(char c, int open) throws TemplateSyntaxException {
        switch (c) {
            case '|':
                pos++;
                return Kind.PIPE;
            case '(':
                pos++;
                return Kind.LPAREN;
            case ')':
                pos++;
                return Kind.RPAREN;
            case ',':
                pos++;
                return Kind.COMMA;
            case '=':
                pos++;
                return Kind.ASSIGN;
            case ':':
                if (src.startsWith(":=", pos)) {
                    pos += 2;
                    return Kind.DECLARE;
                }
                throw error(pos, "expected \":=\" after \":\"");
            case '"':
                quoted('"', "unterminated quoted string");
                return Kind.STRING;
            case '`':
                int end = src.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error(pos, "unterminated raw string (missing closing backquote)");
                }
                pos = end + 1;
                return Kind.STRING;
            case '\'':
                quoted('\'', "unterminated character constant");
                return Kind.CHAR;
            case '$':
                pos++;
                identifierChars();
                return Kind.VARIABLE;
            case '.':
                if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                    number();
                    return Kind.NUMBER;
                }
                pos++;
                if (pos < src.length() && isIdentStart(src.charAt(pos))) {
                    identifierChars();
                    return Kind.FIELD;
                }
                return Kind.DOT;
            case '}':
                throw error(open, src.indexOf("}}", pos) < 0 ? "unclosed action (missing \"}}\")" : "unexpected \"}\" in action");
            default:
                if (Character.isDigit(c) || (c == '-' || c == '+') && pos + 1 < src.length()
                        && (Character.isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.')) {
                    number();
                    return Kind.NUMBER;
                }
                if (isIdentStart(c)) {
                    identifierChars();
                    return Kind.IDENT;
                }
                throw error(pos, "unexpected " + describe(c) + " in action");
        }
    }

    private void quoted(char quote, String unterminated) throws TemplateSyntaxException {
        int start = pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                pos += 2;
                continue;
            }
            if (c == '\n') {
                break;
            }
            pos++;
            if (c == quote) {
                return;
            }
        }
        throw error(start, unterminated);
    }

    private void number() {
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            char prev = src.charAt(pos - 1);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_'
                    || (c == '+' || c == '-') && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P')) {
                pos++;
            } else {
                break;
            }
        }
    }

    private void identifierChars() {
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    private boolean isTrimMarker(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trailingSpace(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.length() - i;
    }

    private static String describe(char c) {
        return Character.isISOControl(c) ? String.format("character U+%04X", (int) c) : "\"" + c + "\"";
    }

    private TemplateSyntaxException error(int offset, String detail) {
        return syntaxError(src, offset, detail);
    }

    /** A syntax error at a character offset of the source, converted to line and column. */
    static TemplateSyntaxException syntaxError(String src, int offset, String detail) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new TemplateSyntaxException(line, col, detail);
    }
}
