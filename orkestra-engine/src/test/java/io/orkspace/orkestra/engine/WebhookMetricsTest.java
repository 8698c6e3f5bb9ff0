package io.orkspace.orkestra.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 10: the webhook server's reviews are counted and timed in the engine's meter registry. */
class WebhookMetricsTest {

    @Test
    void conversionReviewsAreCountedAndTimedPerRoute() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedCluster cluster = EmbeddedCluster.start();
             Orkestra engine = Orkestra.builder().client(cluster.client())
                     .katalog(WebhooksEndToEndTest.VERSIONS.resolve("katalog.yaml"))
                     .options(EngineOptions.DEFAULTS.withApplyFiles(true)).webhooks(WebhooksEndToEndTest.LOCAL)
                     .meterRegistry(registry).build()) {
            engine.start();

            // the sample CRs are stored as v1 and read through both versions: the API server calls /convert
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(registry.get("orkestra_webhook_requests").tags("route", "convert", "result", "ok").counter().count())
                        .isPositive();
                assertThat(registry.get("orkestra_webhook_request_duration").tags("route", "convert").timer().count()).isPositive();
            });
        }
    }
}
