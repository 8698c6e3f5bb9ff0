package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllersTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").endContainer().endSpec().endTemplate().endSpec().build();
  }

  static Job job(String name) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNewTemplate().withNewSpec()
        .withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox:1").endContainer().endSpec().endTemplate().endSpec().build();
  }

  @Test
  void deploymentsBecomeReadyOnlyWhenSwitchedOn() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      client.apps().deployments().resource(deployment("before", 2)).create();
      assertThat(client.apps().deployments().withName("before").get().getStatus()).isNull();
      cluster.controllers().workloadsReady(true);
      await().atMost(WAIT).until(() -> client.apps().deployments().withName("before").get().getStatus() != null);
      client.apps().deployments().resource(deployment("after", 3)).create();
      await().atMost(WAIT).until(() -> {
        Deployment d = client.apps().deployments().withName("after").get();
        return d.getStatus() != null && Integer.valueOf(3).equals(d.getStatus().getReadyReplicas());
      });
      Deployment d = client.apps().deployments().withName("after").get();
      assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
      assertThat(d.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus()).contains("Available=True", "Progressing=True");
      client.apps().deployments().withName("after").edit(x -> new DeploymentBuilder(x).editSpec().withReplicas(5).endSpec().build());
      await().atMost(WAIT).until(() -> Integer.valueOf(5).equals(client.apps().deployments().withName("after").get().getStatus().getReadyReplicas()));
      String rv = client.apps().deployments().withName("after").get().getMetadata().getResourceVersion();
      assertThat(client.apps().deployments().withName("after").get().getStatus().getObservedGeneration()).isEqualTo(2L);
      assertThat(rv).as("the stand-in settles: no endless status writes").isEqualTo(
          client.apps().deployments().withName("after").get().getMetadata().getResourceVersion());
    }
  }

  @Test
  void jobsCompleteOrFailAsAsked() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      cluster.controllers().jobsComplete();
      client.batch().v1().jobs().resource(job("ok")).create();
      await().atMost(WAIT).until(() -> {
        Job j = client.batch().v1().jobs().withName("ok").get();
        return j.getStatus() != null && j.getStatus().getCompletionTime() != null;
      });
      assertThat(client.batch().v1().jobs().withName("ok").get().getStatus().getConditions()).extracting("type").contains("Complete");
      cluster.controllers().jobsFail();
      client.batch().v1().jobs().resource(job("bad")).create();
      await().atMost(WAIT).until(() -> {
        Job j = client.batch().v1().jobs().withName("bad").get();
        return j.getStatus() != null && j.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Failed"));
      });
    }
  }
}
