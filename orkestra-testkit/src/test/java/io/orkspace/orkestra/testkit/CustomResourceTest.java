package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CustomResourceTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static RawHttp http;
  static final ResourceDefinitionContext WEBSITES = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1")
      .withPlural("websites").withKind("Website").withNamespaced(true).build();

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    http = new RawHttp(cluster);
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static CustomResourceDefinition crd() {
    var conditions = new JSONSchemaPropsBuilder().withType("array").withXKubernetesListType("map").withXKubernetesListMapKeys("type")
        .withNewItems().withNewSchema().withType("object").withXKubernetesPreserveUnknownFields(true).endSchema().endItems().build();
    var schema = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true).build())
        .addToProperties("status", new JSONSchemaPropsBuilder().withType("object").addToProperties("conditions", conditions).build()).build();
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName("websites.example.com").endMetadata()
        .withNewSpec().withGroup("example.com").withScope("Namespaced")
        .withNewNames().withPlural("websites").withSingular("website").withKind("Website").withShortNames("ws").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withOpenAPIV3Schema(schema).endSchema().endVersion()
        .addNewVersion().withName("v1beta1").withServed(true).withStorage(false).withNewSchema().withOpenAPIV3Schema(schema).endSchema().endVersion()
        .endSpec().build();
  }

  static GenericKubernetesResource website(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Website")
        .withNewMetadata().withName(name).withNamespace("default").endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
  }

  @Test
  void aCreatedCrdIsEstablishedAndDiscoverable() {
    CustomResourceDefinition stored = client.apiextensions().v1().customResourceDefinitions().withName("websites.example.com").get();
    assertThat(stored.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("Established=True", "NamesAccepted=True");
    var group = http.get("/apis/example.com");
    assertThat(group.body().path("preferredVersion").path("version").asText()).isEqualTo("v1");
    var resources = http.get("/apis/example.com/v1");
    assertThat(resources.body().path("resources").toString()).contains("\"websites\"").contains("websites/status").contains("\"ws\"");
    assertThat(http.get("/apis").text()).contains("example.com");
  }

  @Test
  void customResourcesHaveGenerationAndAStatusSubresource() {
    var created = client.genericKubernetesResources(WEBSITES).inNamespace("default").resource(website("site", Map.of("replicas", 1))).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    var status = http.send("PATCH", "/apis/example.com/v1/namespaces/default/websites/site/status", "application/merge-patch+json",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]},\"spec\":{\"replicas\":7}}");
    assertThat(status.code()).isEqualTo(200);
    assertThat(status.body().path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(status.body().path("metadata").path("generation").asLong()).isEqualTo(1);
    var spec = client.genericKubernetesResources(WEBSITES).inNamespace("default").withName("site")
        .edit(w -> {
          w.setAdditionalProperty("spec", Map.of("replicas", 2));
          return w;
        });
    assertThat(spec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(spec.getAdditionalProperties().get("status").toString()).contains("Ready");
  }

  @Test
  void statusConditionsApplyByTypeFromTwoManagers() {
    client.genericKubernetesResources(WEBSITES).inNamespace("default").resource(website("conds", Map.of())).create();
    String a = "apiVersion: example.com/v1\nkind: Website\nmetadata:\n  name: conds\nstatus:\n  conditions:\n  - type: Ready\n    status: \"True\"\n";
    String b = "apiVersion: example.com/v1\nkind: Website\nmetadata:\n  name: conds\nstatus:\n  conditions:\n  - type: Synced\n    status: \"True\"\n";
    http.send("PATCH", "/apis/example.com/v1/namespaces/default/websites/conds/status?fieldManager=a", "application/apply-patch+yaml", a);
    var both = http.send("PATCH", "/apis/example.com/v1/namespaces/default/websites/conds/status?fieldManager=b", "application/apply-patch+yaml", b);
    assertThat(both.body().path("status").path("conditions")).hasSize(2);
  }

  @Test
  void everyServedVersionAnswersWithItsOwnApiVersion() {
    client.genericKubernetesResources(WEBSITES).inNamespace("default").resource(website("versions", Map.of())).create();
    var beta = http.get("/apis/example.com/v1beta1/namespaces/default/websites/versions");
    assertThat(beta.code()).isEqualTo(200);
    assertThat(beta.body().path("apiVersion").asText()).isEqualTo("example.com/v1beta1");
  }

  @Test
  void strategicMergeOnACustomResourceIs415() {
    client.genericKubernetesResources(WEBSITES).inNamespace("default").resource(website("smp", Map.of())).create();
    var r = http.send("PATCH", "/apis/example.com/v1/namespaces/default/websites/smp", "application/strategic-merge-patch+json", "{}");
    assertThat(r.code()).isEqualTo(415);
  }

  @Test
  void anUnknownResourceIs404AndAnInvalidCrdIs422() {
    assertThat(http.get("/apis/example.com/v1/namespaces/default/nothings").code()).isEqualTo(404);
    CustomResourceDefinition bad = new CustomResourceDefinitionBuilder(crd()).editMetadata().withName("wrong.example.com").endMetadata().build();
    assertThatThrownBy(() -> client.apiextensions().v1().customResourceDefinitions().resource(bad).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void deletingTheCrdRemovesItsResourcesAndItsEndpoints() {
    var other = new CustomResourceDefinitionBuilder(crd()).editMetadata().withName("blogs.example.com").endMetadata()
        .editSpec().editNames().withPlural("blogs").withSingular("blog").withKind("Blog").withShortNames(List.of()).endNames().endSpec().build();
    client.apiextensions().v1().customResourceDefinitions().resource(other).create();
    var blogs = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1").withPlural("blogs").withKind("Blog")
        .withNamespaced(true).build();
    client.genericKubernetesResources(blogs).inNamespace("default").resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1").withKind("Blog").withNewMetadata().withName("b").endMetadata().build()).create();
    client.apiextensions().v1().customResourceDefinitions().withName("blogs.example.com").delete();
    assertThat(http.get("/apis/example.com/v1/namespaces/default/blogs").code()).isEqualTo(404);
  }
}
