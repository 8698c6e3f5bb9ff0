package io.orkspace.orkestra.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's own webhook registration on the embedded API server: no test wires a webhook. The runtime starts the
 * webhook server, points the CRD's conversion and the admission configurations at it, and the API server calls it.
 */
class WebhooksEndToEndTest {
  static final Path VERSIONS = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs/website-versions");
  static final WebhookSettings LOCAL = WebhookSettings.DEFAULTS.withHost("127.0.0.1").withPort(0);

  @Test
  void websiteVersionsStoresV1AndReadsBackV1alpha1WhileBothEntriesReconcile() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start();
        Orkestra engine = Orkestra.builder().client(cluster.client()).katalog(VERSIONS.resolve("katalog.yaml"))
            .options(EngineOptions.DEFAULTS.withApplyFiles(true)).webhooks(LOCAL).build()) {
      engine.start();
      KubernetesClient client = cluster.client();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        GenericKubernetesResource asV1 = client.genericKubernetesResources(websites("v1")).inNamespace("default").withName("legacy-site").get();
        assertThat(asV1).isNotNull();
        assertThat(spec(asV1)).containsEntry("seo", Map.of("enabled", false)).containsEntry("image", "nginx:1.25");
      });
      GenericKubernetesResource asV1alpha1 = client.genericKubernetesResources(websites("v1alpha1")).inNamespace("default").withName("legacy-site").get();
      assertThat(asV1alpha1.getApiVersion()).isEqualTo("demo.orkestra.io/v1alpha1");
      assertThat(spec(asV1alpha1)).isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2));
      assertThat(spec(client.genericKubernetesResources(websites("v1")).inNamespace("default").withName("modern-site").get()))
          .containsEntry("seo", Map.of("enabled", true));

      // both entries reconcile the same Websites, each with its own field manager, the v1 one adding the seo label
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        for (String site : List.of("legacy-site", "modern-site")) {
          Deployment d = client.apps().deployments().inNamespace("default").withName(site).get();
          assertThat(d).isNotNull();
          // each entry writes under its own field manager; the second one to look may find nothing to change (its
          // fields already hold its values) and then rightly writes nothing, so only one manager is certain
          assertThat(d.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
              .containsAnyOf("orkestra-website-v1", "orkestra-website-v1alpha1")
              .doesNotContain("orkestra");
        }
        assertThat(client.apps().deployments().inNamespace("default").withName("legacy-site").get().getMetadata().getLabels())
            .containsEntry("seo", "false");
        assertThat(client.apps().deployments().inNamespace("default").withName("modern-site").get().getMetadata().getLabels())
            .containsEntry("seo", "true");
      });
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName("websites.demo.orkestra.io").get()
          .getSpec().getConversion().getWebhook().getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:" + engine.webhookPort() + "/convert/website-v1");
    }
  }

  @Test
  void theSeedKatalogRunsWithItsConversionServed() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start();
        Orkestra engine = Orkestra.builder().client(cluster.client()).katalog(VERSIONS.resolve("seed-katalog.yaml"))
            .options(EngineOptions.DEFAULTS.withApplyFiles(true)).webhooks(LOCAL).build()) {
      engine.start();
      KubernetesClient client = cluster.client();
      GenericKubernetesResource site = new GenericKubernetesResource();
      site.setApiVersion("demo.orkestra.io/v1");
      site.setKind("Website");
      site.setMetadata(new ObjectMetaBuilder().withName("seeded").build());
      site.setAdditionalProperty("spec", Map.of("image", "nginx:1.27", "replicas", 1, "seo", Map.of("enabled", true)));
      client.genericKubernetesResources(websites("v1")).inNamespace("default").resource(site).create();

      // no updateCRD: the server runs (for a registration made elsewhere), the CRD is left alone
      assertThat(engine.webhookPort()).isPositive();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(client.apps().deployments().inNamespace("default").list().getItems()).extracting(d -> d.getSpec().getTemplate()
              .getSpec().getContainers().get(0).getImage()).contains("nginx:1.27"));
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName("websites.demo.orkestra.io").get().getSpec()
          .getConversion()).satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c.getStrategy()).isNotEqualTo("Webhook"));
    }
  }

  static final String ADMISSION = """
      apiVersion: orkestra.orkspace.io/v1
      kind: Katalog
      metadata: {name: shop}
      spec:
        crds:
          app:
            apiTypes: {group: shop.example.io, version: v1, kind: App, plural: apps}
            mutation:
              mutateFirst: true         # at reconcile, validate the mutated CR (a missing replicas gets its default first)
              rules:
                - field: spec.replicas
                  default: 1
                  valueType: int
            validation:
              rules:
                - field: spec.replicas
                  max: 10
                  message: replicas must not exceed 10
            operatorBox:
              onCreate:
                configMaps:
                  - name: "{{ .metadata.name }}-config"
                    data:
                      replicas: "{{ .spec.replicas }}"
                    reconcile: true
      """;
  static final ResourceDefinitionContext APPS = new ResourceDefinitionContext.Builder().withGroup("shop.example.io").withVersion("v1")
      .withPlural("apps").withKind("App").withNamespaced(true).build();

  @Test
  void mutationDefaultsAndValidationRulesRunInTheApiServerAndAtReconcile() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      client.resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName("apps.shop.example.io").endMetadata()
          .withNewSpec().withGroup("shop.example.io").withScope("Namespaced")
          .withNewNames().withKind("App").withPlural("apps").withSingular("app").endNames()
          .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSubresources().withNewStatus().endStatus().endSubresources()
          .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
          .endVersion().endSpec().build()).create();
      // written before the engine (and its webhooks) run: only the reconcile-time rules see these
      client.genericKubernetesResources(APPS).inNamespace("default").resource(app("early", null)).create();
      client.genericKubernetesResources(APPS).inNamespace("default").resource(app("early-big", 50)).create();

      KatalogLoader loader = KatalogLoader.create();
      Katalog katalog = loader.parse(ADMISSION, null);
      try (Orkestra engine = Orkestra.builder().client(client).katalog(katalog, loader.templates())
          .webhooks(LOCAL.withCleanupOnStop(true)).build()) {
        engine.start();

        // through the API server: the mutating webhook fills the default before the object is stored
        GenericKubernetesResource late = client.genericKubernetesResources(APPS).inNamespace("default").resource(app("late", null)).create();
        assertThat(spec(late)).containsEntry("replicas", 1);
        // and the validating webhook denies with the rule's message
        assertThatThrownBy(() -> client.genericKubernetesResources(APPS).inNamespace("default").resource(app("late-big", 50)).create())
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook \"app.shop.validate.orkestra.io\" denied the request: "
                  + "spec.replicas: replicas must not exceed 10 (got 50)");
            });

        // at reconcile: the mutation is written to the CR, the broken one is reported
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          assertThat(spec(client.genericKubernetesResources(APPS).inNamespace("default").withName("early").get())).containsEntry("replicas", 1);
          assertThat(client.configMaps().inNamespace("default").withName("early-config").get().getData()).containsEntry("replicas", "1");
          assertThat(ready(client.genericKubernetesResources(APPS).inNamespace("default").withName("early-big").get()))
              .containsEntry("status", "False").containsEntry("reason", "ValidationFailed");
          assertThat(client.v1().events().inNamespace("default").list().getItems())
              .anySatisfy(ev -> {
                assertThat(ev.getReason()).isEqualTo("ValidationFailed");
                assertThat(ev.getType()).isEqualTo("Warning");
                assertThat(ev.getMessage()).contains("replicas must not exceed 10 (got 50)");
              });
        });
        assertThat(client.configMaps().inNamespace("default").withName("early-big-config").get()).isNull();
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("orkestra-shop").get()).isNotNull();
      }
      // cleanupOnStop: the registrations are gone with the engine
      assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("orkestra-shop").get()).isNull();
      assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("orkestra-shop").get()).isNull();
      client.genericKubernetesResources(APPS).inNamespace("default").resource(app("after", 50)).create();
    }
  }

  private static ResourceDefinitionContext websites(String version) {
    return new ResourceDefinitionContext.Builder().withGroup("demo.orkestra.io").withVersion(version).withPlural("websites")
        .withKind("Website").withNamespaced(true).build();
  }

  private static GenericKubernetesResource app(String name, Integer replicas) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("shop.example.io/v1");
    r.setKind("App");
    r.setMetadata(new ObjectMetaBuilder().withName(name).build());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", "nginx");
    if (replicas != null) {
      spec.put("replicas", replicas);
    }
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ready(GenericKubernetesResource r) {
    Object status = r.getAdditionalProperties().get("status");
    if (!(status instanceof Map)) {
      return Map.of();
    }
    Object conditions = ((Map<String, Object>) status).get("conditions");
    if (!(conditions instanceof List)) {
      return Map.of();
    }
    for (Object c : (List<Object>) conditions) {
      if (c instanceof Map && "Ready".equals(((Map<String, Object>) c).get("type"))) {
        return (Map<String, Object>) c;
      }
    }
    return Map.of();
  }
}
