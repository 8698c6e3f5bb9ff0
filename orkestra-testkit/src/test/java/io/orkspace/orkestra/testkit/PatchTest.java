package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PatchTest {
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

  static Deployment deployment(String name) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", name)).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").addNewEnv().withName("A").withValue("1").endEnv().endContainer()
        .addNewContainer().withName("side").withImage("busybox:1").endContainer().endSpec().endTemplate().endSpec().build();
  }

  @Test
  void mergePatchFollowsRfc7386() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("mp").endMetadata()
        .withData(Map.of("a", "1", "b", "2")).build()).create();
    var patched = http.send("PATCH", "/api/v1/namespaces/default/configmaps/mp", "application/merge-patch+json",
        "{\"data\":{\"a\":null,\"c\":\"3\"},\"metadata\":{\"annotations\":{\"x\":\"y\",\"gone\":null}}}");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().path("data").toString()).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
    assertThat(patched.body().path("metadata").path("annotations").toString()).isEqualTo("{\"x\":\"y\"}");
  }

  @Test
  void mergePatchReplacesArraysInsteadOfAppending() {
    client.apps().deployments().inNamespace("default").resource(deployment("arrays")).create();
    String status = "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    http.send("PATCH", "/apis/apps/v1/namespaces/default/deployments/arrays/status", "application/merge-patch+json", status);
    var second = http.send("PATCH", "/apis/apps/v1/namespaces/default/deployments/arrays/status", "application/merge-patch+json",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");
    assertThat(second.body().path("status").path("conditions")).hasSize(1);
    assertThat(second.body().path("status").path("conditions").get(0).path("status").asText()).isEqualTo("False");
    var cleared = http.send("PATCH", "/apis/apps/v1/namespaces/default/deployments/arrays/status", "application/merge-patch+json",
        "{\"status\":{\"conditions\":[]}}");
    assertThat(cleared.body().path("status").path("conditions")).isEmpty();
  }

  @Test
  void jsonPatchAppliesAndFailsWith422WhenATestFails() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("jp").endMetadata()
        .withData(Map.of("a", "1")).build()).create();
    var ok = http.send("PATCH", "/api/v1/namespaces/default/configmaps/jp", "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"},{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"2\"}]");
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.body().path("data").path("a").asText()).isEqualTo("2");
    var failed = http.send("PATCH", "/api/v1/namespaces/default/configmaps/jp", "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"}]");
    assertThat(failed.code()).isEqualTo(422);
    assertThat(failed.body().path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void strategicMergePatchMergesContainersByName() {
    client.apps().deployments().inNamespace("default").resource(deployment("smp")).create();
    Deployment d = client.apps().deployments().inNamespace("default").withName("smp").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:2\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}}}");
    var containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).extracting("name").containsExactly("main", "side");
    assertThat(containers.get(0).getImage()).isEqualTo("nginx:2");
    assertThat(containers.get(0).getEnv()).extracting("name").containsExactly("A", "B");
    Deployment removed = client.apps().deployments().inNamespace("default").withName("smp").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}");
    assertThat(removed.getSpec().getTemplate().getSpec().getContainers()).extracting("name").containsExactly("main");
  }

  @Test
  void fabric8EditUsesJsonPatchAndBumpsGenerationOnSpecChangesOnly() {
    Deployment created = client.apps().deployments().inNamespace("default").resource(deployment("edit")).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    Deployment labelled = client.apps().deployments().inNamespace("default").withName("edit")
        .edit(d -> new DeploymentBuilder(d).editMetadata().addToLabels("extra", "yes").endMetadata().build());
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    Deployment scaled = client.apps().deployments().inNamespace("default").withName("edit")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void strategicMergeOnACustomResourceAndUnknownPatchTypesAre415() {
    var r = http.send("PATCH", "/api/v1/namespaces/default/configmaps/whatever", "text/plain", "x");
    assertThat(r.code()).isEqualTo(415);
    assertThat(r.body().path("reason").asText()).isEqualTo("UnsupportedMediaType");
  }

  @Test
  void aPatchOfAMissingObjectIs404() {
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("nothing").patch(PatchContext.of(PatchType.JSON_MERGE), "{}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }
}
