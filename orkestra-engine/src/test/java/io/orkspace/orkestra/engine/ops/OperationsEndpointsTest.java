package io.orkspace.orkestra.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a platform engineer sees on the operations ports: metrics, probes and the read-only introspection API. */
class OperationsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EngineOptions OPS = EngineOptions.DEFAULTS.withHealthPort(0).withMetricsPort(0);

    private EmbeddedCluster cluster;
    private KubernetesClient client;
    private Orkestra engine;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = EmbeddedCluster.start();
        cluster.controllers().workloadsReady(true); // a Website is Ready once its Deployment has rolled out
        client = cluster.client();
        Website.installCrd(client);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        cluster.close();
    }

    private Orkestra start(EngineOptions options) throws Exception {
        engine = Orkestra.builder().client(client).katalog(Website.katalog()).options(options).build();
        engine.start();
        return engine;
    }

    private void converge(String name) {
        Website.create(client, name, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> Website.ready(client, name)
                && client.apps().deployments().inNamespace("default").withName(name).get() != null);
    }

    @Test
    void metricsCarryControllerRuntimeNamesAndLabelsAfterReconciles() throws Exception {
        start(OPS);
        converge("blog");
        String text = await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(engine.metricsPort(), "/metrics").body(),
                t -> value(t, "controller_runtime_reconcile_total", "controller=\"website\"", "result=\"success\"") > 0);

        assertThat(value(text, "controller_runtime_reconcile_total", "controller=\"website\"", "result=\"success\"")).isPositive();
        for (String result : List.of("error", "requeue", "requeue_after")) {
            assertThat(value(text, "controller_runtime_reconcile_total", "controller=\"website\"", "result=\"" + result + "\""))
                    .as("result=%s starts at 0", result).isZero();
        }
        assertThat(value(text, "controller_runtime_reconcile_errors_total", "controller=\"website\"")).isZero();
        assertThat(value(text, "controller_runtime_reconcile_time_seconds_count", "controller=\"website\"")).isPositive();
        assertThat(value(text, "controller_runtime_reconcile_time_seconds_bucket", "controller=\"website\"", "le=\"0.005\"")).isNotNegative();
        assertThat(value(text, "controller_runtime_max_concurrent_reconciles", "controller=\"website\"")).isEqualTo(3);
        assertThat(value(text, "controller_runtime_active_workers", "controller=\"website\"")).isNotNegative();
        assertThat(value(text, "workqueue_adds_total", "name=\"website\"")).isPositive();
        assertThat(value(text, "workqueue_depth", "name=\"website\"")).isNotNegative();
        assertThat(value(text, "workqueue_queue_duration_seconds_count", "name=\"website\"")).isPositive();
        assertThat(value(text, "workqueue_queue_duration_seconds_bucket", "name=\"website\"", "le=\"1.0E-8\"")).isNotNegative();
        assertThat(value(text, "workqueue_work_duration_seconds_count", "name=\"website\"")).isPositive();
        assertThat(value(text, "workqueue_retries_total", "name=\"website\"")).isZero();
        assertThat(value(text, "workqueue_unfinished_work_seconds", "name=\"website\"")).isNotNegative();
        assertThat(value(text, "workqueue_longest_running_processor_seconds", "name=\"website\"")).isNotNegative();
        assertThat(value(text, "orkestra_children_applied_total", "controller=\"website\"", "kind=\"Deployment\"")).isEqualTo(1);
        assertThat(value(text, "orkestra_children_applied_total", "controller=\"website\"", "kind=\"Service\"")).isEqualTo(1);
        assertThat(text).contains("# TYPE controller_runtime_reconcile_total counter")
                .contains("# TYPE controller_runtime_reconcile_time_seconds histogram")
                .contains("# TYPE workqueue_depth gauge")
                .doesNotContain("_total_total");
    }

    @Test
    void aNoOpReconcileCountsSkippedAppliesAndWritesNothing() throws Exception {
        start(OPS);
        converge("blog");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.requests().count("apply", "deployments") == 1);
        long writesBefore = cluster.requests().writes("deployments") + cluster.requests().writes("services");
        // a label change is a CR update without a spec change: the reconcile finds every child as desired
        client.genericKubernetesResources(Website.CONTEXT).inNamespace("default").withName("blog")
                .edit(cr -> {
                    cr.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
                    return cr;
                });
        String text = await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(engine.metricsPort(), "/metrics").body(),
                t -> value(t, "orkestra_apply_skipped_total", "controller=\"website\"", "kind=\"Deployment\"") > 0);
        assertThat(value(text, "orkestra_apply_skipped_total", "controller=\"website\"", "kind=\"Service\"")).isPositive();
        assertThat(cluster.requests().writes("deployments") + cluster.requests().writes("services")).isEqualTo(writesBefore);
    }

    @Test
    void readyzIsUnavailableUntilTheInformersSyncedThenOk() throws Exception {
        engine = Orkestra.builder().client(client).katalog(Website.katalog()).options(OPS).build();
        cluster.faults().latency(Duration.ofSeconds(2)); // every list takes 2 s: the informers cannot sync sooner
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                engine.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.healthPort() > 0);
        int port = engine.healthPort();

        HttpResponse<String> notReady = Http.get(port, "/readyz?verbose");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("[-]startup failed").contains("readyz check failed");
        assertThat(Http.get(port, "/startup").statusCode()).isEqualTo(503);
        assertThat(Http.get(port, "/ready").statusCode()).isEqualTo(503);
        assertThat(Http.get(port, "/healthz").statusCode()).as("alive while starting").isEqualTo(200);

        cluster.faults().clear();
        started.get(30, java.util.concurrent.TimeUnit.SECONDS);
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok");
        assertThat(Http.get(port, "/readyz?verbose").body()).contains("[+]informer/website ok").contains("readyz check passed");
        assertThat(Http.get(port, "/startup").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(Http.get(port, "/ready").body()).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void aPluggedReadinessCheckHoldsReadyzBack() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean certificateLoaded = new java.util.concurrent.atomic.AtomicBoolean();
        engine = Orkestra.builder().client(client).katalog(Website.katalog()).options(OPS)
                .readinessCheck("webhook-certificate", certificateLoaded::get).build();
        engine.start();
        HttpResponse<String> r = Http.get(engine.healthPort(), "/readyz?verbose");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("[-]webhook-certificate failed");
        certificateLoaded.set(true);
        assertThat(Http.get(engine.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void introspectionShowsTheKatalogItsHealthAndACrWithChildrenAndEvents() throws Exception {
        start(OPS);
        converge("blog");
        int port = engine.healthPort();

        JsonNode katalog = JSON.readTree(Http.get(port, "/katalog").body());
        assertThat(katalog.path("name").asText()).isEqualTo("website-operator");
        assertThat(katalog.path("crds").get(0).path("name").asText()).isEqualTo("website");
        assertThat(katalog.path("crds").get(0).path("kind").asText()).isEqualTo("Website");
        assertThat(katalog.path("crds").get(0).path("status").asText()).isEqualTo("healthy");

        JsonNode crd = JSON.readTree(Http.get(port, "/katalog/website").body());
        assertThat(crd.path("config").path("plural").asText()).isEqualTo("websites");
        assertThat(crd.path("config").path("workers").asInt()).isEqualTo(3);
        assertThat(crd.path("metrics").path("reconcileSuccess").asLong()).isPositive();
        assertThat(crd.path("metrics").path("childrenApplied").asLong()).isEqualTo(2);

        HttpResponse<String> health = Http.get(port, "/katalog/website/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("healthy");

        assertThat(JSON.readTree(Http.get(port, "/katalog/website/cr").body()).path("items").toString()).contains("default/blog");

        JsonNode cr = await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(Http.get(port, "/katalog/website/cr/default/blog").body()),
                n -> n.path("events").size() >= 2);
        assertThat(cr.path("metadata").path("name").asText()).isEqualTo("blog");
        assertThat(cr.path("status").path("phase").asText()).isEqualTo("Active");
        assertThat(cr.path("children").findValuesAsText("kind")).containsExactly("Deployment", "Service");
        assertThat(cr.path("children").findValuesAsText("name")).containsExactly("blog", "blog-svc");
        assertThat(cr.path("events").findValuesAsText("reason")).contains("Created");

        assertThat(Http.get(port, "/katalog/website/cr/default/blog/events").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/katalog/website/cr/default/nope").statusCode()).isEqualTo(404);
        assertThat(Http.get(port, "/katalog/nope").statusCode()).isEqualTo(404);
        assertThat(Http.send(port, "/katalog/website/cr/default/blog", "DELETE").statusCode()).isEqualTo(405);
        assertThat(Http.get(engine.metricsPort(), "/katalog").statusCode()).as("the metrics port serves only /metrics").isEqualTo(404);
        assertThat(client.genericKubernetesResources(Website.CONTEXT).inNamespace("default").withName("blog").get()).isNotNull();
    }

    @Test
    void oneSharedPortServesHealthAndMetrics() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start(EngineOptions.DEFAULTS.withHealthPort(port).withMetricsPort(port));
        assertThat(engine.healthPort()).isEqualTo(port);
        assertThat(engine.metricsPort()).isEqualTo(port);
        assertThat(Http.get(port, "/healthz").body()).isEqualTo("ok");
        assertThat(Http.get(port, "/metrics").body()).contains("controller_runtime_max_concurrent_reconciles");
    }

    @Test
    void embeddedEnginesServeNoPortAndReportToTheHostRegistry() throws Exception {
        SimpleMeterRegistry host = new SimpleMeterRegistry();
        engine = Orkestra.builder().client(client).katalog(Website.katalog()).meterRegistry(host).build();
        engine.start();
        converge("blog");
        assertThat(engine.healthPort()).isEqualTo(-1);
        assertThat(engine.metricsPort()).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).until(() -> host.find("controller_runtime_reconcile")
                .tags("controller", "website", "result", "success").counter().count() > 0);
        engine.close();
        engine = null;
        assertThat(host.find("controller_runtime_reconcile").counters()).as("meters are removed on close").isEmpty();
    }

    /** The value of the first sample of {@code metric} whose labels contain all of {@code labels}; -1 when absent. */
    static double value(String scrape, String metric, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            if (List.of(labels).stream().allMatch(series::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
