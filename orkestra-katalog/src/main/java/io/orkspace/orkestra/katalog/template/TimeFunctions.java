package io.orkspace.orkestra.katalog.template;

import io.orkspace.orkestra.katalog.template.Functions.Fn;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.orkspace.orkestra.katalog.template.Functions.add;

/**
 * now/date/dateInZone/toDate/unixEpoch with Go layouts ("2006-01-02T15:04:05Z07:00"), translated once per layout
 * into a java.time formatter. Times are ZonedDateTime in UTC unless a zone is given.
 */
final class TimeFunctions {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Map<String, DateTimeFormatter> LAYOUTS = new ConcurrentHashMap<>();

    private TimeFunctions() {
    }

    static void register(Map<String, Fn> f) {
        add(f, "now", 0, 0, a -> ZonedDateTime.now(UTC));
        add(f, "date", 2, 2, a -> layout(Args.str(a[0])).format(time("date", a[1])));
        add(f, "dateInZone", 3, 3, a -> layout(Args.str(a[0])).format(time("dateInZone", a[1]).withZoneSameInstant(zone(Args.str(a[2])))));
        add(f, "toDate", 2, 2, a -> parse(Args.str(a[0]), Args.str(a[1])));
        add(f, "unixEpoch", 1, 1, a -> time("unixEpoch", a[0]).toEpochSecond());
    }

    /** A time from a time, Unix seconds, an RFC 3339 string or nil (now), as sprig's date accepts. */
    static ZonedDateTime time(String fn, Object v) {
        if (v == null) {
            return ZonedDateTime.now(UTC);
        }
        if (v instanceof ZonedDateTime z) {
            return z;
        }
        if (v instanceof OffsetDateTime o) {
            return utc(o.toZonedDateTime());
        }
        if (v instanceof Instant i) {
            return i.atZone(UTC);
        }
        if (Values.isIntegral(v)) {
            return Instant.ofEpochSecond(((Number) v).longValue()).atZone(UTC);
        }
        if (v instanceof String s) {
            try {
                return utc(OffsetDateTime.parse(s.strip()).toZonedDateTime());
            } catch (DateTimeParseException e) {
                throw new RenderFailure(fn + ": cannot read " + Values.describe(v) + " as a time (expected RFC 3339, e.g. 2024-05-01T10:00:00Z)");
            }
        }
        throw new RenderFailure(fn + ": expected a time, got " + Values.describe(v));
    }

    private static ZonedDateTime utc(ZonedDateTime z) {
        return z.getOffset().equals(ZoneOffset.UTC) ? z.withZoneSameInstant(UTC) : z;
    }

    private static ZoneId zone(String name) {
        try {
            return name.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new RenderFailure("dateInZone: unknown time zone " + Values.describe(name));
        }
    }

    private static ZonedDateTime parse(String layout, String text) {
        TemporalAccessor t;
        try {
            t = layout(layout).parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new RenderFailure("toDate: " + Values.describe(text) + " does not match the layout " + Values.describe(layout));
        }
        LocalDate date = LocalDate.of(get(t, ChronoField.YEAR, 0), get(t, ChronoField.MONTH_OF_YEAR, 1), get(t, ChronoField.DAY_OF_MONTH, 1));
        LocalTime clock = LocalTime.of(get(t, ChronoField.HOUR_OF_DAY, 0), get(t, ChronoField.MINUTE_OF_HOUR, 0),
                get(t, ChronoField.SECOND_OF_MINUTE, 0), get(t, ChronoField.NANO_OF_SECOND, 0));
        ZoneId zone = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : UTC;
        return utc(ZonedDateTime.of(date, clock, zone));
    }

    private static int get(TemporalAccessor t, ChronoField field, int otherwise) {
        return t.isSupported(field) ? t.get(field) : otherwise;
    }

    /** Go's time.Time String(): 2006-01-02 15:04:05.999999999 -0700 MST. */
    static String goString(TemporalAccessor t) {
        return layout("2006-01-02 15:04:05.999999999 -0700 MST").format(time("print", t));
    }

    /** RFC 3339 with seconds, as Kubernetes writes timestamps. */
    static String rfc3339(TemporalAccessor t) {
        return layout("2006-01-02T15:04:05Z07:00").format(time("print", t));
    }

    /** A Go layout as a java.time formatter (cached per layout). */
    static DateTimeFormatter layout(String goLayout) {
        DateTimeFormatter cached = LAYOUTS.get(goLayout);
        if (cached != null) {
            return cached;
        }
        DateTimeFormatter f = translate(goLayout);
        if (LAYOUTS.size() < 256) {
            LAYOUTS.put(goLayout, f);
        }
        return f;
    }

    private static final String[][] CHUNKS = {
        {"January", "MMMM"}, {"Jan", "MMM"}, {"Monday", "EEEE"}, {"Mon", "EEE"}, {"MST", "z"},
        {"2006", "uuuu"}, {"002", "DDD"}, {"__2", "pppD"}, {"01", "MM"}, {"02", "dd"}, {"03", "hh"}, {"04", "mm"}, {"05", "ss"},
        {"06", "uu"}, {"15", "HH"}, {"_2", "ppd"}, {"1", "M"}, {"2", "d"}, {"3", "h"}, {"4", "m"}, {"5", "s"}, {"PM", "a"},
        {"-07:00:00", "xxxxx"}, {"-070000", "xxxx"}, {"-07:00", "xxx"}, {"-0700", "xx"}, {"-07", "x"},
        {"Z07:00:00", "XXXXX"}, {"Z070000", "XXXX"}, {"Z07:00", "XXX"}, {"Z0700", "XX"}, {"Z07", "X"},
    };

    private static DateTimeFormatter translate(String layout) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            char c = layout.charAt(i);
            if ((c == '.' || c == ',') && i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                char digit = layout.charAt(i + 1);
                int j = i + 1;
                while (j < layout.length() && layout.charAt(j) == digit) {
                    j++;
                }
                if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
                    int n = Math.min(j - i - 1, 9);
                    if (digit == '0') {
                        b.appendLiteral(c).appendFraction(ChronoField.NANO_OF_SECOND, n, n, false);
                    } else {
                        b.appendFraction(ChronoField.NANO_OF_SECOND, 0, n, true);
                    }
                    i = j;
                    continue;
                }
            }
            if (layout.startsWith("pm", i)) {
                b.appendText(ChronoField.AMPM_OF_DAY, Map.of(0L, "am", 1L, "pm"));
                i += 2;
                continue;
            }
            for (String[] chunk : CHUNKS) {
                if (layout.startsWith(chunk[0], i)) {
                    b.appendPattern(chunk[1]);
                    i += chunk[0].length();
                    continue outer;
                }
            }
            b.appendLiteral(c);
            i++;
        }
        return b.toFormatter(Locale.ENGLISH);
    }
}
