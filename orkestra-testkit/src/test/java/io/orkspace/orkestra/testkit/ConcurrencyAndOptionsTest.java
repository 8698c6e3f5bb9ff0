package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrencyAndOptionsTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static RawHttp http;

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    http = new RawHttp(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void concurrentWritersGetDistinctIncreasingResourceVersions() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ConfigMap>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = "conc-" + i;
        futures.add(pool.submit(() -> client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
            .withData(Map.of("i", name)).build()).create()));
      }
      Set<String> versions = new HashSet<>();
      for (Future<ConfigMap> f : futures) {
        versions.add(f.get().getMetadata().getResourceVersion());
      }
      assertThat(versions).hasSize(200);
      List<Future<ConfigMap>> reads = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = "conc-" + i;
        reads.add(pool.submit(() -> client.configMaps().withName(name).get()));
      }
      for (Future<ConfigMap> f : reads) {
        assertThat(f.get()).isNotNull();
      }
      assertThat(client.configMaps().withLabel("none").list().getItems()).isEmpty();
      assertThat(client.configMaps().list().getItems().stream().filter(c -> c.getMetadata().getName().startsWith("conc-"))).hasSize(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void dryRunAnswersWithoutPersisting() {
    var created = http.send("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"}}");
    assertThat(created.code()).isEqualTo(200);
    assertThat(created.body().path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(client.configMaps().withName("dry").get()).isNull();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("dry").endMetadata().withData(Map.of("a", "1")).build()).create();
    var patched = http.send("PATCH", "/api/v1/namespaces/default/configmaps/dry?dryRun=All", "application/merge-patch+json", "{\"data\":{\"a\":\"2\"}}");
    assertThat(patched.body().path("data").path("a").asText()).isEqualTo("2");
    assertThat(http.send("DELETE", "/api/v1/namespaces/default/configmaps/dry?dryRun=All", null, null).code()).isEqualTo(200);
    assertThat(client.configMaps().withName("dry").get().getData()).containsEntry("a", "1");
  }

  @Test
  void aWatchEndsAfterTimeoutSeconds() throws Exception {
    try (RawHttp.Watch w = http.watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
        + client.configMaps().list().getMetadata().getResourceVersion())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!w.ended && System.nanoTime() < deadline) {
        w.next(Duration.ofMillis(100));
      }
      assertThat(w.ended).isTrue();
    }
  }

  @Test
  void injectedLatencyDelaysRequests() {
    cluster.faults().latency(Duration.ofMillis(200));
    try {
      long start = System.nanoTime();
      client.configMaps().withName("anything").get();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    } finally {
      cluster.faults().clear();
    }
  }
}
