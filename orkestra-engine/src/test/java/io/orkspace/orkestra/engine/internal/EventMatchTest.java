package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Observe;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventMatchTest {

    private static final Map<String, Object> EVENT = Map.of(
            "metadata", Map.of("name", "db.1", "namespace", "default", "creationTimestamp", "2026-01-01T10:00:00Z"),
            "reason", "DatabaseReady", "type", "Normal", "action", "Probe",
            "reportingController", "databases.example.com/operator", "reportingInstance", "db-0",
            "regarding", Map.of("apiVersion", "databases.example.com/v1", "kind", "Database", "name", "orders", "namespace", "default"),
            "eventTime", "2026-01-01T10:00:05.250000Z");

    @Test
    void everyFieldADeclarationSetsMustEqualTheEventsAndTheOthersMatchAnything() {
        assertThat(EventMatch.matches(declaration("DatabaseReady", null, null), EVENT)).isTrue();
        assertThat(EventMatch.matches(declaration("DatabaseReady", "Warning", null), EVENT)).isFalse();
        assertThat(EventMatch.matches(declaration(null, null, new Observe.ObjectMatch(null, "Database", "orders", null)), EVENT)).isTrue();
        assertThat(EventMatch.matches(declaration(null, null, new Observe.ObjectMatch(null, "Database", "users", null)), EVENT)).isFalse();
        assertThat(EventMatch.matches(declaration(null, "Normal", new Observe.ObjectMatch(null, "Database", null, null)),
                Map.of("type", "Normal"))).as("no regarding on the Event").isFalse();
    }

    @Test
    void anEventLastHappenedAtItsLatestTimestamp() {
        assertThat(EventMatch.lastSeen(EVENT)).isEqualTo(Instant.parse("2026-01-01T10:00:05.250Z"));
        assertThat(EventMatch.lastSeen(Map.of())).isEqualTo(Instant.MIN);
    }

    private static Observe.EventWatch declaration(String reason, String type, Observe.ObjectMatch regarding) {
        return new Observe.EventWatch("d", reason, null, type, null, null, null, null, Set.of(), Optional.ofNullable(regarding),
                Optional.empty(), Optional.empty(), Location.UNKNOWN);
    }
}
