package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScaleTest {
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
  void deploymentsScaleThroughTheScaleSubresource() {
    client.apps().deployments().resource(ControllersTest.deployment("web", 2)).create();
    Scale scale = client.apps().deployments().withName("web").scale();
    assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
    client.apps().deployments().withName("web").scale(5);
    var d = client.apps().deployments().withName("web").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(cluster.requests().count("update", "deployments/scale") + cluster.requests().count("patch", "deployments/scale")).isPositive();
    var resources = http.get("/apis/apps/v1");
    assertThat(resources.body().path("resources").toString()).contains("deployments/scale").contains("statefulsets/scale");
  }

  @Test
  void customResourcesScaleByTheirCrdsPaths() {
    String crd = SchemaValidationTest.CRD.replace("widgets.test.orkestra.io", "scalers.test.orkestra.io")
        .replace("kind: Widget, plural: widgets, singular: widget", "kind: Scaler, plural: scalers, singular: scaler")
        .replace("    subresources: {status: {}}", "    subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, "
            + "statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}}")
        .replace("              ready: {type: boolean}", "              ready: {type: boolean}\n              replicas: {type: integer}\n"
            + "              selector: {type: string}");
    client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1().customResourceDefinitions()
        .load(new java.io.ByteArrayInputStream(crd.getBytes(java.nio.charset.StandardCharsets.UTF_8))).item()).create();
    ResourceDefinitionContext scalers = new ResourceDefinitionContext.Builder().withGroup("test.orkestra.io").withVersion("v1")
        .withPlural("scalers").withKind("Scaler").withNamespaced(true).build();
    var ops = client.genericKubernetesResources(scalers).inNamespace("default");
    ops.resource(new GenericKubernetesResourceBuilder().withApiVersion("test.orkestra.io/v1").withKind("Scaler").withNewMetadata()
        .withName("s").endMetadata().withAdditionalProperties(Map.of("spec", Map.of("image", "nginx", "replicas", 2))).build()).create();
    ops.withName("s").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"replicas\":2,\"selector\":\"app=s\"}}");

    var scale = http.get("/apis/test.orkestra.io/v1/namespaces/default/scalers/s/scale");
    assertThat(scale.code()).isEqualTo(200);
    assertThat(scale.body().path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.body().path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.body().path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.body().path("status").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.body().path("status").path("selector").asText()).isEqualTo("app=s");

    var patched = http.send("PATCH", "/apis/test.orkestra.io/v1/namespaces/default/scalers/s/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":4}}");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().path("spec").path("replicas").asInt()).isEqualTo(4);
    GenericKubernetesResource s = ops.withName("s").get();
    assertThat(s.getAdditionalProperties().get("spec").toString()).contains("replicas=4");
    // the CRD's schema still applies: replicas above its maximum are refused
    var tooMany = http.send("PATCH", "/apis/test.orkestra.io/v1/namespaces/default/scalers/s/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":40}}");
    assertThat(tooMany.code()).isEqualTo(422);
    assertThat(http.get("/apis/test.orkestra.io/v1").text()).contains("scalers/scale");
    assertThat(http.get("/apis/test.orkestra.io/v1/namespaces/default/widgets/x/scale").code()).isEqualTo(404);
  }
}
