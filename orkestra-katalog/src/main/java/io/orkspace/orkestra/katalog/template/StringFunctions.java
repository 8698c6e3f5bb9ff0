package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Functions.Fn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.orkspace.orkestra.katalog.template.Args.str;
import static io.orkspace.orkestra.katalog.template.Functions.add;

/** sprig's string functions, with sprig's argument order (the string operated on comes last, so it can be piped). */
final class StringFunctions {

    private static final int MAX_RESULT = 1 << 20;

    private StringFunctions() {
    }

    static void register(Map<String, Fn> f) {
        add(f, "upper", 1, 1, a -> str(a[0]).toUpperCase());
        add(f, "lower", 1, 1, a -> str(a[0]).toLowerCase());
        add(f, "title", 1, 1, a -> title(str(a[0])));
        add(f, "trim", 1, 1, a -> str(a[0]).strip());
        add(f, "trimPrefix", 2, 2, a -> trimPrefix(str(a[0]), str(a[1])));
        add(f, "trimSuffix", 2, 2, a -> {
            String s = str(a[1]);
            String suffix = str(a[0]);
            return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
        });
        add(f, "trimAll", 2, 2, a -> trimAll(str(a[1]), str(a[0])));
        add(f, "quote", 0, -1, a -> quoteAll(a, true));
        add(f, "squote", 0, -1, a -> quoteAll(a, false));
        add(f, "replace", 3, 3, a -> str(a[2]).replace(str(a[0]), str(a[1])));
        add(f, "contains", 2, 2, a -> str(a[1]).contains(str(a[0])));
        add(f, "hasPrefix", 2, 2, a -> str(a[1]).startsWith(str(a[0])));
        add(f, "hasSuffix", 2, 2, a -> str(a[1]).endsWith(str(a[0])));
        add(f, "split", 2, 2, a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            List<String> parts = split(str(a[1]), str(a[0]));
            for (int i = 0; i < parts.size(); i++) {
                out.put("_" + i, parts.get(i));
            }
            return out;
        });
        add(f, "splitList", 2, 2, a -> new ArrayList<Object>(split(str(a[1]), str(a[0]))));
        add(f, "join", 2, 2, a -> join(str(a[0]), a[1]));
        add(f, "cat", 0, -1, a -> {
            List<String> parts = new ArrayList<>();
            for (Object o : a) {
                if (o != null) {
                    parts.add(str(o));
                }
            }
            return String.join(" ", parts);
        });
        add(f, "repeat", 2, 2, a -> {
            int n = Args.integer("repeat", a[0]);
            String s = str(a[1]);
            if (n < 0) {
                throw new RenderFailure("repeat: negative count " + n);
            }
            if ((long) n * s.length() > MAX_RESULT) {
                throw new RenderFailure("repeat: the result would be longer than " + MAX_RESULT + " characters");
            }
            return s.repeat(n);
        });
        add(f, "substr", 3, 3, a -> substr(Args.integer("substr", a[0]), Args.integer("substr", a[1]), str(a[2])));
        add(f, "trunc", 2, 2, a -> trunc(Args.integer("trunc", a[0]), str(a[1])));
        add(f, "nospace", 1, 1, a -> str(a[0]).codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        add(f, "indent", 2, 2, a -> indent(Args.integer("indent", a[0]), str(a[1])));
        add(f, "nindent", 2, 2, a -> "\n" + indent(Args.integer("nindent", a[0]), str(a[1])));
        add(f, "kebabcase", 1, 1, a -> words(str(a[0]), "-"));
        add(f, "snakecase", 1, 1, a -> words(str(a[0]), "_"));
        add(f, "camelcase", 1, 1, a -> {
            StringBuilder sb = new StringBuilder();
            for (String w : words(str(a[0]), " ").split(" ")) {
                if (!w.isEmpty()) {
                    sb.appendCodePoint(Character.toUpperCase(w.codePointAt(0))).append(w.substring(Character.charCount(w.codePointAt(0))));
                }
            }
            return sb.toString();
        });
        add(f, "regexMatch", 2, 2, a -> {
            try {
                return Regexes.matcher(pattern("regexMatch", str(a[0])), str(a[1])).find();
            } catch (Regexes.TooSlow e) {
                throw new RenderFailure("regexMatch: " + e.getMessage());
            }
        });
        add(f, "regexReplaceAll", 3, 3, a -> {
            try {
                return Regexes.matcher(pattern("regexReplaceAll", str(a[0])), str(a[1])).replaceAll(str(a[2]));
            } catch (Regexes.TooSlow e) {
                throw new RenderFailure("regexReplaceAll: " + e.getMessage());
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new RenderFailure("regexReplaceAll: bad replacement " + Values.describe(a[2]) + ": " + e.getMessage());
            }
        });
    }

    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean startOfWord = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            sb.appendCodePoint(startOfWord ? Character.toTitleCase(cp) : cp);
            startOfWord = !(Character.isLetterOrDigit(cp) || cp == '_' || cp == '\'');
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String trimPrefix(String prefix, String s) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String trimAll(String s, String cutset) {
        int start = 0;
        int end = s.length();
        while (start < end && cutset.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String quoteAll(Object[] args, boolean doubleQuotes) {
        StringBuilder sb = new StringBuilder();
        for (Object o : args) {
            if (o == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(doubleQuotes ? GoFormat.quote(str(o)) : "'" + str(o) + "'");
        }
        return sb.toString();
    }

    /** Go's strings.Split: every occurrence, empty pieces kept; an empty separator splits into characters. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String join(String sep, Object v) {
        if (v == null) {
            return "";
        }
        List<?> items = Values.list(v);
        if (items == null) {
            return str(v);
        }
        List<String> parts = new ArrayList<>(items.size());
        for (Object o : items) {
            if (o != null) {
                parts.add(str(o));
            }
        }
        return String.join(sep, parts);
    }

    private static String substr(int start, int end, String s) {
        int[] cps = s.codePoints().toArray();
        int len = cps.length;
        int from = start < 0 ? 0 : Math.min(start, len);
        int to = start < 0 ? Math.min(Math.max(end, 0), len) : end < 0 || end > len ? len : end;
        return to <= from ? "" : new String(cps, from, to - from);
    }

    private static String trunc(int n, String s) {
        int len = s.codePointCount(0, s.length());
        if (n < 0 && len + n > 0) {
            return s.substring(s.offsetByCodePoints(0, len + n));
        }
        if (n >= 0 && len > n) {
            return s.substring(0, s.offsetByCodePoints(0, n));
        }
        return s;
    }

    static String indent(int n, String s) {
        String pad = " ".repeat(Math.max(n, 0));
        return pad + s.replace("\n", "\n" + pad);
    }

    /** Splits on case changes and separators, joins lower-cased words with {@code sep}. */
    private static String words(String s, String sep) {
        StringBuilder sb = new StringBuilder();
        boolean pending = false;
        int prev = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetterOrDigit(cp)) {
                pending = sb.length() > 0;
                prev = cp;
                continue;
            }
            boolean boundary = Character.isUpperCase(cp) && (Character.isLowerCase(prev) || Character.isDigit(prev)
                    || i < s.length() && Character.isUpperCase(prev) && Character.isLowerCase(s.codePointAt(i)));
            if (sb.length() > 0 && (pending || boundary)) {
                sb.append(sep);
            }
            pending = false;
            sb.appendCodePoint(Character.toLowerCase(cp));
            prev = cp;
        }
        return sb.toString();
    }

    private static Pattern pattern(String fn, String regex) {
        try {
            return Regexes.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RenderFailure(fn + ": bad regular expression " + Values.describe(regex) + ": " + e.getDescription());
        }
    }
}
