package io.orkspace.orkestra.junit.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static io.orkspace.orkestra.junit.observe.ObserveWatchTest.API;
import static io.orkspace.orkestra.junit.observe.ObserveWatchTest.status;
import static io.orkspace.orkestra.junit.observe.ObserveWatchTest.webapp;
import static io.orkspace.orkestra.junit.observe.ObserveWatchTest.writesTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code observe.events}, end to end: a matching Kubernetes Event reconciles the CR it is routed to, whose templates
 * read it as {@code .events.<declaration>}; an Event that does not match changes nothing.
 */
@OrkestraTest
class ObserveEventsTest {

    static final Path KATALOG = Path.of("src/test/resources/katalogs/observe-events.yaml");

    @Test
    void aMatchingEventReconcilesItsWebappWhoseTemplatesReadIt(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(webapp("shop") + "---\n" + webapp("blog"));
        h.awaitReady(API, "Webapp", "shop");
        h.awaitReady(API, "Webapp", "blog");

        h.requests().reset();
        h.apply(event("db-warning", "shop", "Warning", "orders-db", "orders-db is slow")); // type does not match
        h.apply(event("db-ready", "shop", "Normal", "orders-db", "orders-db accepts connections"));

        h.await(API, "Webapp", "shop", o -> "orders-db accepts connections".equals(status(o).get("database")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            ConfigMap db = h.client().configMaps().inNamespace(h.namespace()).withName("shop-db").get();
            return db != null && "orders-db".equals(db.getData().get("database"));
        });
        assertThat(writesTo(h.requests(), "blog")).as("the Events name shop only").isZero();
        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("blog-db").get().getData().get("database"))
                .isEmpty();
    }

    static String event(String name, String webapp, String type, String database, String note) {
        return """
                apiVersion: events.k8s.io/v1
                kind: Event
                metadata:
                  name: %s
                  labels: {test.orkestra.io/webapp: %s}
                eventTime: "2026-01-01T10:00:00.000000Z"
                reportingController: databases.example.com/operator
                reportingInstance: db-operator-0
                action: Probe
                reason: DatabaseReady
                type: %s
                regarding: {apiVersion: databases.example.com/v1, kind: Database, name: %s}
                note: "%s"
                """.formatted(name, webapp, type, database, note);
    }
}
