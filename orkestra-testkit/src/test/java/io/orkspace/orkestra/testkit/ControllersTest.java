package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
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

  @Test
  void claimsBindAndDaemonSetsBecomeReadyWhenSwitchedOn() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
          .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
          .endSpec().build()).create();
      assertThat(client.persistentVolumeClaims().withName("data").get().getStatus().getPhase()).isEqualTo("Pending");
      cluster.controllers().pvcsBind(true).workloadsReady(true);
      await().atMost(WAIT).until(() -> "Bound".equals(client.persistentVolumeClaims().withName("data").get().getStatus().getPhase()));
      PersistentVolumeClaim bound = client.persistentVolumeClaims().withName("data").get();
      assertThat(bound.getStatus().getAccessModes()).containsExactly("ReadWriteOnce");
      assertThat(bound.getStatus().getCapacity()).containsEntry("storage", new Quantity("1Gi"));

      client.apps().daemonSets().resource(new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().withNewSpec()
          .withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector().withNewTemplate().withNewMetadata()
          .withLabels(Map.of("app", "agent")).endMetadata().withNewSpec().addNewContainer().withName("main").withImage("agent:1").endContainer()
          .endSpec().endTemplate().endSpec().build()).create();
      await().atMost(WAIT).until(() -> {
        DaemonSet ds = client.apps().daemonSets().withName("agent").get();
        return ds.getStatus() != null && Integer.valueOf(1).equals(ds.getStatus().getNumberReady());
      });
      DaemonSet ds = client.apps().daemonSets().withName("agent").get();
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
      assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(1L);
    }
  }

  static Pod pod(String name, String app) {
    return new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", app)).endMetadata().withNewSpec()
        .addNewContainer().withName("main").withImage("nginx:1").addNewPort().withName("http").withContainerPort(8080).endPort().endContainer()
        .endSpec().build();
  }

  static void podRuns(KubernetesClient client, String name, String ip, boolean ready) {
    client.pods().withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
            + (ready ? "True" : "False") + "\"}]}}");
  }

  @Test
  void servicesGetEndpointsAndSlicesForTheirPods() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      cluster.controllers().serviceEndpoints(true);
      client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
          .withSelector(Map.of("app", "web")).addNewPort().withName("http").withPort(80).withNewTargetPort("http").endPort().endSpec().build())
          .create();
      await().atMost(WAIT).until(() -> client.endpoints().withName("web").get() != null);
      assertThat(client.endpoints().withName("web").get().getSubsets()).isEmpty();

      client.pods().resource(pod("web-1", "web")).create();
      client.pods().resource(pod("web-2", "web")).create();
      client.pods().resource(pod("other", "other")).create();
      podRuns(client, "web-1", "10.0.0.1", true);
      podRuns(client, "web-2", "10.0.0.2", false);
      podRuns(client, "other", "10.0.0.3", true);
      await().atMost(WAIT).until(() -> {
        Endpoints e = client.endpoints().withName("web").get();
        return e.getSubsets().size() == 1 && e.getSubsets().get(0).getNotReadyAddresses().size() == 1;
      });
      EndpointSubset subset = client.endpoints().withName("web").get().getSubsets().get(0);
      assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.1");
      assertThat(subset.getAddresses().get(0).getTargetRef().getName()).isEqualTo("web-1");
      assertThat(subset.getNotReadyAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.2");
      assertThat(subset.getPorts()).extracting(EndpointPort::getName, EndpointPort::getPort).containsExactly(tuple("http", 8080));

      List<EndpointSlice> slices = client.discovery().v1().endpointSlices().withLabel("kubernetes.io/service-name", "web").list().getItems();
      assertThat(slices).hasSize(1);
      EndpointSlice slice = slices.get(0);
      assertThat(slice.getAddressType()).isEqualTo("IPv4");
      assertThat(slice.getMetadata().getOwnerReferences()).extracting("kind", "name").containsExactly(tuple("Service", "web"));
      assertThat(slice.getEndpoints()).extracting(e -> e.getAddresses().get(0) + "=" + e.getConditions().getReady())
          .containsExactlyInAnyOrder("10.0.0.1=true", "10.0.0.2=false");

      podRuns(client, "web-2", "10.0.0.2", true);
      client.pods().withName("web-1").delete();
      await().atMost(WAIT).until(() -> {
        EndpointSubset s = client.endpoints().withName("web").get().getSubsets().get(0);
        return s.getAddresses().size() == 1 && s.getAddresses().get(0).getIp().equals("10.0.0.2") && s.getNotReadyAddresses().isEmpty();
      });

      client.services().withName("web").delete();
      await().atMost(WAIT).until(() -> client.endpoints().withName("web").get() == null
          && client.discovery().v1().endpointSlices().withLabel("kubernetes.io/service-name", "web").list().getItems().isEmpty());
    }
  }
}
