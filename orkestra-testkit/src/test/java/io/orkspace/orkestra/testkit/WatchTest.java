package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WatchTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static RawHttp http;
  static final Duration WAIT = Duration.ofSeconds(5);

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start(EmbeddedClusterOptions.DEFAULTS.withBookmarkInterval(Duration.ofMillis(100)));
    client = cluster.client();
    http = new RawHttp(cluster);
    for (String ns : List.of("w1", "w2", "w3", "w4", "w5", "w6")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ConfigMap cm(String ns, String name, Map<String, String> labels, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata().withData(data).build();
  }

  @Test
  void aFabric8WatchSeesAddedModifiedAndDeleted() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch w = client.configMaps().inNamespace("w1").watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      client.configMaps().inNamespace("w1").resource(cm("w1", "a", Map.of(), Map.of("n", "1"))).create();
      client.configMaps().inNamespace("w1").resource(cm("w1", "a", Map.of(), Map.of("n", "2"))).update();
      client.configMaps().inNamespace("w1").withName("a").delete();
      await().atMost(WAIT).until(() -> seen.size() >= 3);
      assertThat(seen).containsExactly("ADDED a", "MODIFIED a", "DELETED a");
    }
  }

  @Test
  void aWatchFromAResourceVersionReplaysNothingOlder() throws Exception {
    client.configMaps().inNamespace("w2").resource(cm("w2", "old", Map.of(), Map.of())).create();
    String rv = client.configMaps().inNamespace("w2").list().getMetadata().getResourceVersion();
    try (RawHttp.Watch w = http.watch("/api/v1/namespaces/w2/configmaps?watch=true&resourceVersion=" + rv)) {
      assertThat(w.code).isEqualTo(200);
      client.configMaps().inNamespace("w2").resource(cm("w2", "new", Map.of(), Map.of())).create();
      JsonNode e = w.nextChange(WAIT);
      assertThat(e.path("type").asText()).isEqualTo("ADDED");
      assertThat(e.path("object").path("metadata").path("name").asText()).isEqualTo("new");
    }
  }

  @Test
  void aWatchWithoutResourceVersionStartsWithTheCurrentObjects() throws Exception {
    client.configMaps().inNamespace("w3").resource(cm("w3", "there", Map.of(), Map.of())).create();
    try (RawHttp.Watch w = http.watch("/api/v1/namespaces/w3/configmaps?watch=1")) {
      JsonNode e = w.nextChange(WAIT);
      assertThat(e.path("type").asText()).isEqualTo("ADDED");
      assertThat(e.path("object").path("metadata").path("name").asText()).isEqualTo("there");
    }
  }

  @Test
  void sendsBookmarksWhenAsked() throws Exception {
    String rv = client.configMaps().inNamespace("w4").list().getMetadata().getResourceVersion();
    try (RawHttp.Watch w = http.watch("/api/v1/namespaces/w4/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv)) {
      JsonNode e = w.next(WAIT);
      assertThat(e.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(e.path("object").path("kind").asText()).isEqualTo("ConfigMap");
      assertThat(Long.parseLong(e.path("object").path("metadata").path("resourceVersion").asText())).isGreaterThanOrEqualTo(Long.parseLong(rv));
    }
  }

  @Test
  void aLabelSelectedWatchSeesAnObjectLeaveAsDeleted() throws Exception {
    client.configMaps().inNamespace("w5").resource(cm("w5", "sel", Map.of("app", "x"), Map.of())).create();
    String rv = client.configMaps().inNamespace("w5").list().getMetadata().getResourceVersion();
    try (RawHttp.Watch w = http.watch("/api/v1/namespaces/w5/configmaps?watch=true&labelSelector=app%3Dx&resourceVersion=" + rv)) {
      client.configMaps().inNamespace("w5").resource(cm("w5", "sel", Map.of("app", "y"), Map.of())).update();
      JsonNode e = w.nextChange(WAIT);
      assertThat(e.path("type").asText()).isEqualTo("DELETED");
    }
  }

  @Test
  void aTooOldResourceVersionGetsGone() throws Exception {
    try (EmbeddedCluster small = EmbeddedCluster.start(EmbeddedClusterOptions.DEFAULTS.withWatchHistory(3))) {
      KubernetesClient c = small.client();
      for (int i = 0; i < 10; i++) {
        c.configMaps().inNamespace("default").resource(cm("default", "c" + i, Map.of(), Map.of())).create();
      }
      RawHttp raw = new RawHttp(small);
      try (RawHttp.Watch w = raw.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2")) {
        JsonNode e = w.next(WAIT);
        assertThat(e.path("type").asText()).isEqualTo("ERROR");
        assertThat(e.path("object").path("code").asInt()).isEqualTo(410);
        assertThat(e.path("object").path("reason").asText()).isEqualTo("Expired");
      }
    }
  }

  @Test
  void anInformerSyncsAndFollowsChangesAcrossACutWatch() {
    client.configMaps().inNamespace("w6").resource(cm("w6", "before", Map.of(), Map.of())).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("w6").inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        seen.add("add " + obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
          seen.add("update " + newObj.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        seen.add("delete " + obj.getMetadata().getName());
      }
    });
    try {
      await().atMost(WAIT).until(informer::hasSynced);
      client.configMaps().inNamespace("w6").resource(cm("w6", "after", Map.of(), Map.of())).create();
      client.configMaps().inNamespace("w6").resource(cm("w6", "after", Map.of(), Map.of("k", "v"))).update();
      client.configMaps().inNamespace("w6").withName("before").delete();
      await().atMost(WAIT).until(() -> seen.contains("delete before"));
      assertThat(seen).containsExactly("add before", "add after", "update after", "delete before");

      cluster.faults().cutWatches();
      client.configMaps().inNamespace("w6").resource(cm("w6", "later", Map.of(), Map.of())).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add later"));
      assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("after", "later");
    } finally {
      informer.close();
    }
  }
}
