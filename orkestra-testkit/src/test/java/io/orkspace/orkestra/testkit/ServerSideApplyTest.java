package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
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

  static ConfigMap cm(String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().withData(data).build();
  }

  static ConfigMap apply(String manager, ConfigMap cm, boolean force) {
    var op = client.configMaps().inNamespace("default").resource(cm).fieldManager(manager);
    return force ? op.forceConflicts().serverSideApply() : op.serverSideApply();
  }

  @Test
  void createsWhenAbsentAndRecordsTheManager() {
    ConfigMap created = apply("engine", cm("ssa-create", Map.of("a", "1")), false);
    assertThat(created.getMetadata().getUid()).isNotBlank();
    ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
    assertThat(entry.getManager()).isEqualTo("engine");
    assertThat(entry.getOperation()).isEqualTo("Apply");
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getFieldsV1().getAdditionalProperties()).containsKey("f:data");
  }

  @Test
  void anApplyThatChangesNothingKeepsTheResourceVersion() {
    ConfigMap first = apply("engine", cm("ssa-noop", Map.of("a", "1")), false);
    cluster.requests().reset();
    ConfigMap second = apply("engine", cm("ssa-noop", Map.of("a", "1")), false);
    assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(cluster.requests().count("apply", "configmaps")).isEqualTo(1);
  }

  @Test
  void conflictsWithAnotherManagerUnlessForced() {
    apply("engine", cm("ssa-conflict", Map.of("a", "1")), false);
    assertThatThrownBy(() -> apply("someone-else", cm("ssa-conflict", Map.of("a", "2")), false))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getMessage()).contains("conflict with \"engine\"").contains(".data.a");
          assertThat(e.getStatus().getDetails().getCauses()).extracting("reason").containsExactly("FieldManagerConflict");
        });
    ConfigMap forced = apply("someone-else", cm("ssa-conflict", Map.of("a", "2")), true);
    assertThat(forced.getData()).containsEntry("a", "2");
    // the engine lost the field; applying the same value again is shared ownership, a different one a conflict
    assertThatThrownBy(() -> apply("engine", cm("ssa-conflict", Map.of("a", "1")), false))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void sameValueFromTwoManagersIsSharedNotAConflict() {
    apply("one", cm("ssa-shared", Map.of("a", "1")), false);
    ConfigMap shared = apply("two", cm("ssa-shared", Map.of("a", "1")), false);
    assertThat(shared.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void removesFieldsTheManagerStoppedApplyingUnlessSomeoneElseOwnsThem() {
    apply("engine", cm("ssa-remove", Map.of("a", "1", "b", "2", "c", "3")), false);
    apply("other", cm("ssa-remove", Map.of("c", "3")), false);
    ConfigMap after = apply("engine", cm("ssa-remove", Map.of("a", "1")), false);
    assertThat(after.getData()).containsOnlyKeys("a", "c");
  }

  @Test
  void anUpdateByAnotherClientTakesOwnershipSoTheNextApplyConflicts() {
    apply("engine", cm("ssa-update", Map.of("a", "1")), false);
    var patched = http.send("PATCH", "/api/v1/namespaces/default/configmaps/ssa-update?fieldManager=kubectl-edit",
        "application/merge-patch+json", "{\"data\":{\"a\":\"drift\"}}");
    assertThat(patched.body().path("metadata").path("managedFields").toString()).contains("kubectl-edit");
    assertThatThrownBy(() -> apply("engine", cm("ssa-update", Map.of("a", "1")), false))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(apply("engine", cm("ssa-update", Map.of("a", "1")), true).getData()).containsEntry("a", "1");
  }

  @Test
  void mergesContainersByNameAndKeepsOtherManagersItems() {
    Deployment base = new DeploymentBuilder().withNewMetadata().withName("ssa-deploy").withNamespace("default").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "x")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "x")).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").endContainer().endSpec().endTemplate().endSpec().build();
    client.apps().deployments().inNamespace("default").resource(base).fieldManager("engine").serverSideApply();
    Deployment sidecar = new DeploymentBuilder().withNewMetadata().withName("ssa-deploy").withNamespace("default").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("mesh").withImage("envoy:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
    Deployment merged = client.apps().deployments().inNamespace("default").resource(sidecar).fieldManager("injector").serverSideApply();
    assertThat(merged.getSpec().getTemplate().getSpec().getContainers()).extracting("name").containsExactly("main", "mesh");
    assertThat(merged.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void applyWithoutFieldManagerIs400() {
    var r = http.send("PATCH", "/api/v1/namespaces/default/configmaps/ssa-nofm", "application/apply-patch+yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-nofm\n");
    assertThat(r.code()).isEqualTo(400);
    var yaml = http.send("PATCH", "/api/v1/namespaces/default/configmaps/ssa-yaml?fieldManager=me", "application/apply-patch+yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-yaml\ndata:\n  k: v\n");
    assertThat(yaml.code()).isEqualTo(201);
    assertThat(yaml.body().path("data").path("k").asText()).isEqualTo("v");
  }
}
