package io.orkspace.orkestra.katalog.template;

import java.math.BigInteger;

/** Go constants: interpreted and raw strings, character constants and numbers. */
final class Literals {

    private Literals() {
    }

    static String string(String token, String src, int at) throws TemplateSyntaxException {
        if (token.startsWith("`")) {
            return token.substring(1, token.length() - 1).replace("\r", "");
        }
        return unescape(token.substring(1, token.length() - 1), '"', src, at);
    }

    static Integer character(String token, String src, int at) throws TemplateSyntaxException {
        String s = unescape(token.substring(1, token.length() - 1), '\'', src, at);
        if (s.codePointCount(0, s.length()) != 1) {
            throw GoLexer.syntaxError(src, at, "malformed character constant " + token);
        }
        return s.codePointAt(0);
    }

    static Number number(String token, String src, int at) throws TemplateSyntaxException {
        String t = token.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            String lower = t.toLowerCase();
            BigInteger value;
            if (lower.startsWith("0x")) {
                value = new BigInteger(t.substring(2), 16);
            } else if (lower.startsWith("0o")) {
                value = new BigInteger(t.substring(2), 8);
            } else if (lower.startsWith("0b")) {
                value = new BigInteger(t.substring(2), 2);
            } else if (lower.contains(".") || lower.contains("e")) {
                double d = Double.parseDouble(t);
                if (Double.isInfinite(d) || lower.endsWith("f") || lower.endsWith("d")) {
                    throw new NumberFormatException();
                }
                return negative ? -d : d;
            } else if (t.length() > 1 && t.startsWith("0")) {
                value = new BigInteger(t.substring(1), 8);
            } else {
                value = new BigInteger(t);
            }
            if (negative) {
                value = value.negate();
            }
            if (value.bitLength() < 32) {
                return value.intValue();
            }
            if (value.bitLength() < 64) {
                return value.longValue();
            }
            throw GoLexer.syntaxError(src, at, "number " + token + " is out of range");
        } catch (NumberFormatException e) {
            throw GoLexer.syntaxError(src, at, "bad number syntax: \"" + token + "\"");
        }
    }

    private static String unescape(String s, char quote, String src, int at) throws TemplateSyntaxException {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = ++i < s.length() ? s.charAt(i) : ' ';
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case 'x' -> i = hex(s, i, 2, out, src, at);
                case 'u' -> i = hex(s, i, 4, out, src, at);
                case 'U' -> i = hex(s, i, 8, out, src, at);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 3 > s.length() || !s.substring(i, i + 3).matches("[0-7]{3}")) {
                        throw GoLexer.syntaxError(src, at, "invalid octal escape in " + quote + s + quote);
                    }
                    out.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
                    i += 2;
                }
                default -> {
                    if (e != quote) {
                        throw GoLexer.syntaxError(src, at, "unknown escape sequence \\" + e + " in " + quote + s + quote);
                    }
                    out.append(e);
                }
            }
        }
        return out.toString();
    }

    private static int hex(String s, int i, int digits, StringBuilder out, String src, int at) throws TemplateSyntaxException {
        if (i + 1 + digits > s.length()) {
            throw GoLexer.syntaxError(src, at, "invalid escape \\" + s.charAt(i) + " (expected " + digits + " hex digits)");
        }
        try {
            out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + digits), 16));
        } catch (IllegalArgumentException e) {
            throw GoLexer.syntaxError(src, at, "invalid escape \\" + s.charAt(i) + s.substring(i + 1, i + 1 + digits));
        }
        return i + digits;
    }
}
