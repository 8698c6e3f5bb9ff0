package io.orkspace.orkestra.katalog.template;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions written in a Katalog ({@code regex} conditions, {@code regexMatch}, {@code regexReplaceAll}),
 * compiled once and matched with a time limit. A backtracking expression on a hostile value (an admission request
 * anyone may send) could otherwise hold a thread for minutes; here it gives up after {@link #LIMIT_NANOS} with
 * {@link TooSlow}, which callers report as an error of the rule or template.
 */
public final class Regexes {

    /** How long one match may run. */
    public static final long LIMIT_NANOS = 100_000_000L;
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Regexes() {
    }

    /** The compiled expression (cached; throws {@link java.util.regex.PatternSyntaxException}). */
    public static Pattern compile(String regex) {
        Pattern p = COMPILED.get(regex);
        if (p == null) {
            p = Pattern.compile(regex);
            if (COMPILED.size() < 1024) {
                COMPILED.put(regex, p);
            }
        }
        return p;
    }

    /** A matcher over {@code input} that throws {@link TooSlow} once it has run longer than the limit. */
    public static Matcher matcher(Pattern pattern, String input) {
        return pattern.matcher(new Deadline(input, System.nanoTime() + LIMIT_NANOS, pattern.pattern()));
    }

    /** Whether {@code regex} finds a match in {@code input}, within the limit. */
    public static boolean find(String regex, String input) {
        return matcher(compile(regex), input).find();
    }

    /** A match that ran out of time. */
    public static final class TooSlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooSlow(String regex, int length) {
            super("the regular expression " + (regex.length() > 80 ? regex.substring(0, 80) + "..." : regex)
                    + " gave up after " + LIMIT_NANOS / 1_000_000 + " ms on a value of " + length + " characters"
                    + " (it backtracks too much: simplify it)", null, false, false);
        }
    }

    /** The input, looking at the clock every few thousand reads the matcher makes. */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private final String regex;
        private int reads;

        Deadline(String text, long deadline, String regex) {
            this.text = text;
            this.deadline = deadline;
            this.regex = regex;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow(regex, text.length());
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), deadline, regex);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
