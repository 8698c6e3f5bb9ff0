package io.orkspace.orkestra.katalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Orkestra, wherever a duration is written (Katalog fields, hook {@code args}, CLI
 * options): Go's ({@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 1.5h}; units {@code ns us µs ms s m h}) plus
 * {@code d} for days, {@code 0}, and ISO-8601 ({@code PT30S}) for those who prefer it.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    /** How an error message describes the syntax. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m or 1h30m";

    private Durations() {
    }

    /** The duration {@code text} writes, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String v = text.trim();
        if (v.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(v.toUpperCase(java.util.Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            total = total.plusNanos(Math.round(amount * nanosPerUnit));
            end = m.end();
        }
        return end == 0 || end != v.length() ? Optional.empty() : Optional.of(total);
    }
}
