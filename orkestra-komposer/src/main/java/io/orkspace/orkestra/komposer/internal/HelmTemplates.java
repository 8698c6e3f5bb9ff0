package io.orkspace.orkestra.komposer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the Komposer does with the Helm template syntax in a chart's files. A Katalog shipped in a chart escapes its
 * own Go templates so that Helm prints them unchanged: {@code {{ "{{ .spec.image }}" }}} or {@code {{`{{ .spec.image }}`}}}.
 * Those string-literal actions are rendered to their text; an action that needs Helm's values or functions
 * ({@code .Values}, {@code .Release}, {@code include}…) is refused as not supported yet; any other action is left as
 * written (it is the Katalog's own template). Lines do not move, so locations stay true.
 */
public final class HelmTemplates {

    private static final Pattern HELM_ONLY = Pattern.compile(
            "\\.(Values|Release|Chart|Capabilities|Template|Files|Subcharts)\\b|(^|[\\s(|])(include|tpl|required|lookup|template|define|fail)\\b");

    /** An action that needs Helm itself: its 1-based line and column and its text. */
    public record Unsupported(int line, int column, String action) {
    }

    /** The rendered text, and the actions that could not be rendered. */
    public record Rendered(String text, List<Unsupported> unsupported) {
    }

    private HelmTemplates() {
    }

    public static Rendered render(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<Unsupported> unsupported = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = closing(text, open + 2);
            if (close < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            String body = text.substring(open + 2, close);
            String inner = body;
            if (inner.startsWith("-")) {
                inner = inner.substring(1);
            }
            if (inner.endsWith("-")) {
                inner = inner.substring(0, inner.length() - 1);
            }
            inner = inner.trim();
            String literal = literal(inner);
            if (literal != null) {
                out.append(literal);
            } else if (inner.startsWith("/*") && inner.endsWith("*/")) {
                // a template comment renders to nothing
            } else {
                if (HELM_ONLY.matcher(inner).find()) {
                    int line = 1;
                    int col = 1;
                    for (int k = 0; k < open; k++) {
                        if (text.charAt(k) == '\n') {
                            line++;
                            col = 1;
                        } else {
                            col++;
                        }
                    }
                    unsupported.add(new Unsupported(line, col, "{{" + body + "}}"));
                }
                out.append(text, open, close + 2);
            }
            i = close + 2;
        }
        return new Rendered(out.toString(), unsupported);
    }

    /** Index of the {@code }}} closing the action that starts at {@code from}, skipping string literals. */
    private static int closing(String text, int from) {
        int i = from;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            if (c == '\\') {
                // a backslash outside a string is no Go template (a YAML-escaped Katalog template): the first }} closes it
                return text.indexOf("}}", from);
            }
            if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\n') {
                        // not a Go string after all (a Go string never spans lines): the first }} closes the action
                        return text.indexOf("}}", from);
                    }
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The text of a Go string literal ({@code "…"} with escapes, or a raw {@code `…`}), or null. */
    private static String literal(String s) {
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`") && s.indexOf('`', 1) == s.length() - 1) {
            return s.substring(1, s.length() - 1);
        }
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return null;
            }
            if (c == '\\' && i + 1 < s.length() - 1) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    default:
                        out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The documents of a multi-document YAML file, each as the whole file's text with every line outside the
     * document blanked, so that a document's line numbers are the file's.
     */
    public static List<String> documents(String text) {
        String[] lines = text.split("\n", -1);
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.equals("---") || l.startsWith("--- ") || l.startsWith("---\t") || l.equals("---\r")) {
                ranges.add(new int[] {start, i});
                start = i + 1;
            }
        }
        ranges.add(new int[] {start, lines.length});
        List<String> docs = new ArrayList<>();
        for (int[] r : ranges) {
            StringBuilder doc = new StringBuilder();
            boolean content = false;
            for (int i = 0; i < lines.length; i++) {
                boolean inside = i >= r[0] && i < r[1];
                if (inside) {
                    doc.append(lines[i]);
                    String t = lines[i].trim();
                    content |= !t.isEmpty() && !t.startsWith("#");
                }
                if (i < lines.length - 1) {
                    doc.append('\n');
                }
            }
            if (content) {
                docs.add(doc.toString());
            }
        }
        return docs;
    }
}
