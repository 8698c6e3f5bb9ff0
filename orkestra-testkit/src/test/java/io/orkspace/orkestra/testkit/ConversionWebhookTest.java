package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookClient;
import io.orkspace.orkestra.webhook.WebhookConfigurations;
import io.orkspace.orkestra.webhook.WebhookOptions;
import io.orkspace.orkestra.webhook.WebhookServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CRD with {@code conversion.strategy: Webhook}: objects are stored in the storage version and every other served
 * version is read, listed, watched and written through the conversion webhook (Orkestra's own server, website-versions).
 */
class ConversionWebhookTest {
  static final Path VERSIONS = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs/website-versions");
  static final ResourceDefinitionContext V1 = context("v1");
  static final ResourceDefinitionContext V1ALPHA1 = context("v1alpha1");

  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static WebhookServer server;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    Katalog katalog = KatalogLoader.create().load(VERSIONS.resolve("katalog.yaml"));
    Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "ops"));
    server = WebhookServer.start(katalog, certs, WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0));
    route();
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(VERSIONS.resolve("crd.yaml"))) {
      crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
    WebhookConfigurations wc = WebhookConfigurations.of(katalog, WebhookClient.service("ops", "orkestra", 443), certs.caBundleBase64());
    crd.getSpec().setConversion(wc.crdConversion(katalog.crd("website-v1").orElseThrow()));
    client.resource(crd).create();
    try (InputStream legacy = Files.newInputStream(VERSIONS.resolve("cr-v1alpha1.yaml"));
        InputStream modern = Files.newInputStream(VERSIONS.resolve("cr-v1.yaml"))) {
      client.genericKubernetesResources(V1ALPHA1).load(legacy).create();
      client.genericKubernetesResources(V1).load(modern).create();
    }
  }

  static void route() {
    cluster.webhookServices().route("ops", "orkestra", 443, URI.create("https://127.0.0.1:" + server.port()));
  }

  @AfterAll
  static void stop() {
    server.close();
    cluster.close();
  }

  @Test
  void anObjectWrittenAsV1alpha1IsStoredAsV1WithTheConversionsDefault() {
    GenericKubernetesResource asV1 = client.genericKubernetesResources(V1).inNamespace("default").withName("legacy-site").get();

    assertThat(asV1.getApiVersion()).isEqualTo("demo.orkestra.io/v1");
    assertThat(spec(asV1)).isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2, "seo", Map.of("enabled", false)));
  }

  @Test
  void readingBackAsV1alpha1GivesTheOriginalFields() {
    GenericKubernetesResource legacy = client.genericKubernetesResources(V1ALPHA1).inNamespace("default").withName("legacy-site").get();
    GenericKubernetesResource modern = client.genericKubernetesResources(V1ALPHA1).inNamespace("default").withName("modern-site").get();

    assertThat(legacy.getApiVersion()).isEqualTo("demo.orkestra.io/v1alpha1");
    assertThat(spec(legacy)).isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2));
    assertThat(spec(modern)).isEqualTo(Map.of("image", "nginx:1.27", "replicas", 1));
  }

  @Test
  void listsAreConvertedItemByItem() {
    List<GenericKubernetesResource> items = client.genericKubernetesResources(V1ALPHA1).inNamespace("default").list().getItems();

    assertThat(items).extracting(GenericKubernetesResource::getApiVersion).containsOnly("demo.orkestra.io/v1alpha1");
    assertThat(items).allSatisfy(i -> assertThat(spec(i)).doesNotContainKey("seo"));
  }

  @Test
  void aStatusWriteThroughTheOlderVersionKeepsTheFieldsOnlyTheStorageVersionHas() {
    client.genericKubernetesResources(V1ALPHA1).inNamespace("default").withName("modern-site").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Active\"}}");

    GenericKubernetesResource asV1 = client.genericKubernetesResources(V1).inNamespace("default").withName("modern-site").get();
    assertThat(spec(asV1)).containsEntry("seo", Map.of("enabled", true));
    assertThat(asV1.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Active"));
  }

  @Test
  void watchesInTheOlderVersionSeeConvertedObjects() {
    List<GenericKubernetesResource> seen = new CopyOnWriteArrayList<>();
    try (Watch w = client.genericKubernetesResources(V1ALPHA1).inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        seen.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.genericKubernetesResources(V1).inNamespace("default").withName("legacy-site")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");

      await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(r -> Integer.valueOf(3).equals(spec(r).get("replicas"))));
      assertThat(seen).extracting(GenericKubernetesResource::getApiVersion).containsOnly("demo.orkestra.io/v1alpha1");
      assertThat(seen).allSatisfy(r -> assertThat(spec(r)).doesNotContainKey("seo"));
    }
  }

  @Test
  void aConversionWebhookThatCannotBeReachedIsAnInternalError() {
    cluster.webhookServices().unroute("ops", "orkestra", 443);
    try {
      assertThatThrownBy(() -> client.genericKubernetesResources(V1ALPHA1).inNamespace("default").withName("legacy-site").get())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(500);
            assertThat(e.getStatus().getMessage()).contains("conversion webhook for demo.orkestra.io/v1, Kind=Website failed");
          });
      // the storage version needs no webhook
      assertThat(client.genericKubernetesResources(V1).inNamespace("default").withName("legacy-site").get()).isNotNull();
    } finally {
      route();
    }
  }

  private static ResourceDefinitionContext context(String version) {
    return new ResourceDefinitionContext.Builder().withGroup("demo.orkestra.io").withVersion(version).withPlural("websites")
        .withKind("Website").withNamespaced(true).build();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }
}
