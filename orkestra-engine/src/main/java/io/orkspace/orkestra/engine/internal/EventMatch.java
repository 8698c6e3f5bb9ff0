package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.katalog.Observe;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an {@code events.k8s.io/v1} Event (as a map) matches an {@code observe.events} declaration: every field the
 * declaration sets must equal the Event's; what it leaves out matches anything.
 */
final class EventMatch {

    private EventMatch() {
    }

    static boolean matches(Observe.EventWatch d, Map<String, Object> event) {
        Map<String, Object> meta = map(event.get("metadata"));
        return same(d.reason(), event.get("reason")) && same(d.action(), event.get("action")) && same(d.type(), event.get("type"))
                && same(d.reportingController(), event.get("reportingController"))
                && same(d.reportingInstance(), event.get("reportingInstance"))
                && same(d.namespace(), meta.get("namespace")) && same(d.eventName(), meta.get("name"))
                && object(d.regarding(), event.get("regarding")) && object(d.related(), event.get("related"));
    }

    private static boolean object(Optional<Observe.ObjectMatch> pattern, Object ref) {
        if (pattern.isEmpty()) {
            return true;
        }
        Map<String, Object> r = map(ref);
        Observe.ObjectMatch p = pattern.get();
        return same(p.apiVersion(), r.get("apiVersion")) && same(p.kind(), r.get("kind")) && same(p.name(), r.get("name"))
                && same(p.namespace(), r.get("namespace"));
    }

    private static boolean same(String wanted, Object actual) {
        return wanted == null || Objects.equals(wanted, actual == null ? null : String.valueOf(actual));
    }

    /**
     * When the Event last happened: the latest of {@code series.lastObservedTime}, {@code eventTime},
     * {@code deprecatedLastTimestamp} and {@code metadata.creationTimestamp}; {@link Instant#MIN} when none is readable.
     */
    static Instant lastSeen(Map<String, Object> event) {
        Instant best = Instant.MIN;
        for (Object t : new Object[] {map(event.get("series")).get("lastObservedTime"), event.get("eventTime"),
                event.get("deprecatedLastTimestamp"), map(event.get("metadata")).get("creationTimestamp")}) {
            if (t != null) {
                try {
                    Instant i = Instant.parse(String.valueOf(t));
                    best = i.isAfter(best) ? i : best;
                } catch (DateTimeParseException e) {
                    // not a timestamp: ignored
                }
            }
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
