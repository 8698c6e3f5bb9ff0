package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static final Duration WAIT = Duration.ofSeconds(5);

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Deployment deployment(String name) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").endContainer().endSpec().endTemplate().endSpec().build();
  }

  static ConfigMap ownedBy(String name, HasMetadata... owners) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata();
    for (HasMetadata o : owners) {
      b.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind())
          .withName(o.getMetadata().getName()).withUid(o.getMetadata().getUid()).withBlockOwnerDeletion(true).build()).endMetadata();
    }
    return b.build();
  }

  @Test
  void theStatusSubresourceSeparatesSpecWritesFromStatusWrites() {
    Deployment created = client.apps().deployments().inNamespace("default").resource(deployment("status")).create();
    Deployment withStatus = new DeploymentBuilder(created).withStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build()).build();
    // a status write changes only status
    withStatus.getSpec().setReplicas(5);
    Deployment afterStatus = client.apps().deployments().inNamespace("default").resource(withStatus).updateStatus();
    assertThat(afterStatus.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(afterStatus.getSpec().getReplicas()).isEqualTo(1);
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
    // a main-resource write ignores status
    Deployment spec = new DeploymentBuilder(afterStatus).withStatus(new DeploymentStatusBuilder().withReadyReplicas(9).build()).build();
    spec.getSpec().setReplicas(2);
    Deployment afterSpec = client.apps().deployments().inNamespace("default").resource(spec).update();
    assertThat(afterSpec.getSpec().getReplicas()).isEqualTo(2);
    assertThat(afterSpec.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void createIgnoresStatusForKindsWithAStatusSubresource() {
    Deployment d = new DeploymentBuilder(deployment("status-create")).withStatus(new DeploymentStatusBuilder().withReplicas(3).build()).build();
    assertThat(client.apps().deployments().inNamespace("default").resource(d).create().getStatus()).isNull();
  }

  @Test
  void finalizersHoldDeletionUntilTheyAreRemoved() {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("held").withNamespace("default").withFinalizers("example.com/hold")
        .endMetadata().build();
    client.configMaps().inNamespace("default").resource(cm).create();
    client.configMaps().inNamespace("default").withName("held").delete();
    ConfigMap terminating = client.configMaps().inNamespace("default").withName("held").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("held")
        .edit(c -> new ConfigMapBuilder(c).editMetadata().addToFinalizers("example.com/another").endMetadata().build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    client.configMaps().inNamespace("default").withName("held")
        .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());
    assertThat(client.configMaps().inNamespace("default").withName("held").get()).isNull();
  }

  @Test
  void deletingAnOwnerDeletesItsDependentsInTheBackground() {
    Deployment owner = client.apps().deployments().inNamespace("default").resource(deployment("owner")).create();
    client.configMaps().inNamespace("default").resource(ownedBy("dependent", owner)).create();
    client.apps().deployments().inNamespace("default").withName("owner").delete();
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace("default").withName("dependent").get() == null);
  }

  @Test
  void aDependentWithALivingOwnerStaysAndLosesTheDeadReference() {
    Deployment a = client.apps().deployments().inNamespace("default").resource(deployment("owner-a")).create();
    Deployment b = client.apps().deployments().inNamespace("default").resource(deployment("owner-b")).create();
    client.configMaps().inNamespace("default").resource(ownedBy("two-owners", a, b)).create();
    client.apps().deployments().inNamespace("default").withName("owner-a").delete();
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace("default").withName("two-owners").get()
        .getMetadata().getOwnerReferences().size() == 1);
    assertThat(client.configMaps().inNamespace("default").withName("two-owners").get().getMetadata().getOwnerReferences().get(0).getName())
        .isEqualTo("owner-b");
  }

  @Test
  void foregroundDeletionRemovesDependentsBeforeTheOwner() {
    Deployment owner = client.apps().deployments().inNamespace("default").resource(deployment("fg-owner")).create();
    ConfigMap dep = ownedBy("fg-dependent", owner);
    dep.getMetadata().setFinalizers(List.of("example.com/slow"));
    client.configMaps().inNamespace("default").resource(dep).create();
    client.apps().deployments().inNamespace("default").withName("fg-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace("default").withName("fg-dependent").get().getMetadata().getDeletionTimestamp() != null);
    Deployment waiting = client.apps().deployments().inNamespace("default").withName("fg-owner").get();
    assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");
    client.configMaps().inNamespace("default").withName("fg-dependent")
        .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace("default").withName("fg-owner").get() == null);
  }

  @Test
  void orphanDeletionKeepsDependentsWithoutTheReference() {
    Deployment owner = client.apps().deployments().inNamespace("default").resource(deployment("orphan-owner")).create();
    client.configMaps().inNamespace("default").resource(ownedBy("orphan-dependent", owner)).create();
    client.apps().deployments().inNamespace("default").withName("orphan-owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace("default").withName("orphan-owner").get() == null);
    ConfigMap kept = client.configMaps().inNamespace("default").withName("orphan-dependent").get();
    assertThat(kept).isNotNull();
    assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void deletingANamespaceRemovesItsContentsThenItself() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
    client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();
    client.apps().deployments().inNamespace("doomed").resource(new DeploymentBuilder(deployment("d")).editMetadata().withNamespace("doomed").endMetadata().build()).create();
    client.namespaces().withName("doomed").delete();
    await().atMost(WAIT).until(() -> client.namespaces().withName("doomed").get() == null);
    assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace("doomed").list().getItems()).isEmpty();
  }

  @Test
  void aTerminatingNamespaceRefusesNewContent() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("closing").endMetadata().build()).create();
    ConfigMap held = new ConfigMapBuilder().withNewMetadata().withName("held").withFinalizers("example.com/hold").endMetadata().build();
    client.configMaps().inNamespace("closing").resource(held).create();
    client.namespaces().withName("closing").delete();
    assertThat(client.namespaces().withName("closing").get().getStatus().getPhase()).isEqualTo("Terminating");
    assertThatThrownBy(() -> client.configMaps().inNamespace("closing").resource(
        new ConfigMapBuilder().withNewMetadata().withName("new").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    // a merge patch without resourceVersion: the namespace's deletion marks "held" at the same time (a read-modify-write
    // could meet a 409 Conflict, as a real API server would give it)
    client.configMaps().inNamespace("closing").withName("held").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"metadata\": {\"finalizers\": null}}");
    await().atMost(WAIT).until(() -> client.namespaces().withName("closing").get() == null);
  }
}
