package io.orkspace.orkestra.junit.engine;

import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import io.orkspace.orkestra.testkit.Requests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5: a reconcile writes only what changed; a converged operator writes nothing, however often it resyncs. */
@OrkestraTest
class WriteCountTest {

    static final Path KATALOG = Path.of("src/test/resources/katalogs/noop.yaml");
    static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");

    @Test
    void theFirstReconcileAppliesEachChildOnceAndStatusIsWrittenOncePerChange(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.requests().reset();

        h.apply(WebappLifecycleTest.webapp("one", 2));
        h.awaitReady(WebappLifecycleTest.API, "Webapp", "one");
        awaitQuiet(h.requests());

        Requests r = h.requests();
        assertThat(r.count("apply", "deployments")).isEqualTo(1);
        assertThat(r.count("apply", "services")).isEqualTo(1);
        // Pending while the Deployment rolls out, then Active: one write, or two when the first reconcile ran before
        // the controller stand-in had reported the rollout
        assertThat(r.count("patch", "webapps/status")).isBetween(1L, 2L);
        assertThat(r.writes("deployments") + r.writes("services")).isEqualTo(2);
        assertThat(r.writes("webapps")).as("the test's own apply of the CR only").isEqualTo(1);
    }

    @Test
    void tenResyncsOfAHundredConvergedCrsMakeNoWriteAtAll(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        StringBuilder crs = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            crs.append(WebappLifecycleTest.webapp("app-" + i, 1)).append("---\n");
        }
        h.apply(crs.toString());
        for (int i = 0; i < 100; i++) {
            h.awaitReady(WebappLifecycleTest.API, "Webapp", "app-" + i);
        }
        awaitQuiet(h.requests());
        h.requests().reset();

        // resync is 100ms: during 1.2 s every CR is reconciled at least ten times, from the cache
        Awaitility.await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> writes(h.requests()) == 0);
        assertThat(writes(h.requests())).isZero();
    }

    /** Waits until no write has happened for 300 ms (events and late status writes included). */
    static void awaitQuiet(Requests r) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = writes(r);
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
    }

    static long writes(Requests r) {
        return r.log().stream().filter(q -> WRITES.contains(q.verb())).count();
    }
}
