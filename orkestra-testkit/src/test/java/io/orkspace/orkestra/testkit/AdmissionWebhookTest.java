package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API server calls admission webhooks as a real one does; the webhook here is Orkestra's own server. */
class AdmissionWebhookTest {
  static final String KATALOG = """
      apiVersion: orkestra.orkspace.io/v1
      kind: Katalog
      metadata: {name: shop}
      spec:
        crds:
          app:
            apiTypes: {group: shop.example.io, version: v1, kind: App, plural: apps}
            mutation:
              rules:
                - field: spec.replicas
                  default: 1
                  valueType: int
            validation:
              rules:
                - field: spec.replicas
                  max: 10
                  message: replicas must not exceed 10
      """;
  static final ResourceDefinitionContext APPS = new ResourceDefinitionContext.Builder().withGroup("shop.example.io").withVersion("v1")
      .withPlural("apps").withKind("App").withNamespaced(true).build();

  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static WebhookServer server;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    Katalog katalog = KatalogLoader.create().parse(KATALOG, null);
    Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "ops"));
    server = WebhookServer.start(katalog, certs, WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0));
    cluster.webhookServices().route("ops", "orkestra", 443, URI.create("https://127.0.0.1:" + server.port()));
    client.resource(crd()).create();
    WebhookConfigurations wc = WebhookConfigurations.of(katalog, WebhookClient.service("ops", "orkestra", 443), certs.caBundleBase64());
    client.resource(wc.mutating().orElseThrow()).serverSideApply();
    client.resource(wc.validating().orElseThrow()).serverSideApply();
  }

  @AfterAll
  static void stop() {
    server.close();
    cluster.close();
  }

  @AfterEach
  void removeExtraConfigurations() {
    client.admissionRegistration().v1().validatingWebhookConfigurations().withLabel("test", "extra").delete();
  }

  @Test
  void mutatingWebhookFillsTheDefaultBeforeTheObjectIsStored() {
    client.genericKubernetesResources(APPS).inNamespace("default").resource(app("plain", null)).create();

    GenericKubernetesResource stored = client.genericKubernetesResources(APPS).inNamespace("default").withName("plain").get();
    assertThat(spec(stored)).containsEntry("replicas", 1).containsEntry("image", "nginx");
  }

  @Test
  void validatingWebhookDenialReachesTheClientWithTheWebhooksMessage() {
    assertThatThrownBy(() -> client.genericKubernetesResources(APPS).inNamespace("default").resource(app("big", 50)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook \"app.shop.validate.orkestra.io\" denied the request: "
              + "spec.replicas: replicas must not exceed 10 (got 50)");
        });
    assertThat(client.genericKubernetesResources(APPS).inNamespace("default").withName("big").get()).isNull();
  }

  @Test
  void updatesAndPatchesAreAdmittedToo() {
    client.genericKubernetesResources(APPS).inNamespace("default").resource(app("grows", 3)).create();

    assertThatThrownBy(() -> client.genericKubernetesResources(APPS).inNamespace("default").withName("grows")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":12}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage()).contains("got 12"));
    client.genericKubernetesResources(APPS).inNamespace("default").withName("grows")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":null}}");

    // the patch removed replicas; the mutating webhook put the default back
    assertThat(spec(client.genericKubernetesResources(APPS).inNamespace("default").withName("grows").get())).containsEntry("replicas", 1);
  }

  @Test
  void failurePolicyFailRejectsWhenTheWebhookCannotBeReachedAndIgnoreLetsThrough() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    client.resource(failing("fail-closed", "Fail", "https://127.0.0.1:" + closedPort + "/validate", "strict", 10)).create();
    client.resource(failing("ignore-closed", "Ignore", "https://127.0.0.1:" + closedPort + "/validate", "lenient", 10)).create();

    assertThatThrownBy(() -> client.configMaps().resource(configMap("a", "strict")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(500);
          assertThat(e.getStatus().getMessage()).startsWith("Internal error occurred: failed calling webhook \"fail-closed.example.io\"");
        });
    client.configMaps().resource(configMap("b", "lenient")).create();
    client.configMaps().resource(configMap("c", "unlabelled")).create(); // the object selector leaves it out

    assertThat(client.configMaps().withName("a").get()).isNull();
    assertThat(client.configMaps().withName("b").get()).isNotNull();
  }

  @Test
  void aHangingWebhookTimesOutWithoutBlockingUnrelatedRequests() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // accepts and never answers
          }
        } catch (IOException closed) {
          // done
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      client.resource(failing("hangs", "Fail", "https://127.0.0.1:" + silent.getLocalPort() + "/validate", "slow", 2)).create();

      long start = System.nanoTime();
      CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> cluster.newClient().configMaps().resource(configMap("slow", "slow")).create());
      Thread.sleep(200); // let the slow write reach its webhook call
      client.configMaps().resource(configMap("quick", "other")).create();
      client.configMaps().withName("quick").edit(c -> {
        c.getData().put("k", "v2");
        return c;
      });
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);

      assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(KubernetesClientException.class)
          .rootCause().hasMessageContaining("failed calling webhook \"hangs.example.io\"");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(2000);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void dryRunIsRefusedByWebhooksWithSideEffects() {
    ValidatingWebhookConfiguration c = failing("effects", "Fail", "https://127.0.0.1:1/validate", "effects", 10);
    c.getWebhooks().get(0).setSideEffects("Some");
    client.resource(c).create();

    assertThatThrownBy(() -> client.configMaps().resource(configMap("d", "effects")).dryRun().create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook \"effects.example.io\" does not support dry run");
        });
  }

  @Test
  void namespaceSelectorPicksTheNamespacesAWebhookSees() throws IOException {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("guarded").addToLabels("guard", "on").endMetadata().build()).create();
    ValidatingWebhookConfiguration c = failing("guard", "Fail", "https://127.0.0.1:1/validate", null, 10);
    c.getWebhooks().get(0).setNamespaceSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().addToMatchLabels("guard", "on").build());
    client.resource(c).create();

    client.configMaps().resource(configMap("free", "x")).create();
    assertThatThrownBy(() -> client.configMaps().inNamespace("guarded").resource(configMap("held", "x")).create())
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("failed calling webhook \"guard.example.io\"");
  }

  private static ValidatingWebhookConfiguration failing(String name, String policy, String url, String label, int timeoutSeconds) {
    var webhook = new io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder().withName(name + ".example.io")
        .withNewClientConfig().withUrl(url).endClientConfig()
        .addNewRule().withApiGroups("").withApiVersions("v1").withResources("configmaps").withOperations("CREATE").endRule()
        .withFailurePolicy(policy).withSideEffects("None").withAdmissionReviewVersions("v1").withTimeoutSeconds(timeoutSeconds);
    if (label != null) {
      webhook.withNewObjectSelector().addToMatchLabels("webhook", label).endObjectSelector();
    }
    return new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(name).addToLabels("test", "extra").endMetadata()
        .withWebhooks(webhook.build()).build();
  }

  private static ConfigMap configMap(String name, String label) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("webhook", label).endMetadata().addToData("k", "v").build();
  }

  static GenericKubernetesResource app(String name, Integer replicas) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("shop.example.io/v1");
    r.setKind("App");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("image", "nginx");
    if (replicas != null) {
      spec.put("replicas", replicas);
    }
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  private static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName("apps.shop.example.io").endMetadata()
        .withNewSpec().withGroup("shop.example.io").withScope("Namespaced")
        .withNewNames().withKind("App").withPlural("apps").withSingular("app").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
        .endVersion().endSpec().build();
  }
}
