package io.orkspace.orkestra.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import io.orkspace.orkestra.webhook.Certificates;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates mounted cert-manager style and rotated while the engine runs: new connections get the new serving
 * certificate, and the runtime registers the new CA bundle on the CRD's conversion webhook and on both webhook
 * configurations, so the embedded API server keeps calling the webhooks (it trusts only the registered bundle).
 */
class WebhookCertificateRotationTest {

  static final Path VERSIONS = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs/website-versions");

  static final String KATALOG = """
      apiVersion: orkestra.orkspace.io/v1
      kind: Katalog
      metadata: {name: rotation}
      spec:
        crds:
          website:
            apiTypes: {group: demo.orkestra.io, version: v1, kind: Website, plural: websites}
            conversion:
              storageVersion: v1
              updateCRD: true
              paths:
                - from: v1alpha1
                  to: v1
                  spec:
                    image: "{{ .spec.image }}"
                    replicas: "{{ .spec.replicas }}"
                    seo:
                      enabled: false
                - from: v1
                  to: v1alpha1
                  spec:
                    image: "{{ .spec.image }}"
                    replicas: "{{ .spec.replicas }}"
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

  @Test
  void aRotatedMountIsServedToNewConnectionsAndItsCaRegisteredOnTheCrdAndBothWebhookConfigurations(@TempDir Path tls) throws Exception {
    Certificates first = Certificates.selfSigned(List.of("localhost"));
    Certificates second = Certificates.selfSigned(List.of("localhost"));
    mount(tls, first);
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      try (FileInputStream crd = new FileInputStream(VERSIONS.resolve("crd.yaml").toFile())) {
        client.load(crd).create();
      }
      KatalogLoader loader = KatalogLoader.create();
      Katalog katalog = loader.parse(KATALOG, null);
      try (Orkestra engine = Orkestra.builder().client(client).katalog(katalog, loader.templates())
          .webhooks(WebhookSettings.DEFAULTS.withHost("127.0.0.1").withPort(0).withCertificateDir(tls)
              .withRecheckInterval(Duration.ofMillis(200))).build()) {
        engine.start();
        int port = engine.webhookPort();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registeredBundles(client)).containsOnly(bundle(first)));
        assertThat(servedCertificate(port, first)).isEqualTo(first.certificate());
        GenericKubernetesResource before = client.genericKubernetesResources(websites("v1alpha1")).inNamespace("default")
            .resource(website("before", 2)).create();
        assertThat(before.getApiVersion()).isEqualTo("demo.orkestra.io/v1alpha1");

        mount(tls, second);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          assertThat(servedCertificate(port, second)).isEqualTo(second.certificate());
          assertThat(registeredBundles(client)).containsOnly(bundle(second));
        });
        // the API server trusts only the new bundle now, and every webhook still answers through it:
        // conversion on write and read, the mutating default, the validating denial
        client.genericKubernetesResources(websites("v1alpha1")).inNamespace("default").resource(website("after", null)).create();
        GenericKubernetesResource asV1 = client.genericKubernetesResources(websites("v1")).inNamespace("default").withName("after").get();
        assertThat(spec(asV1)).containsEntry("replicas", 1).containsEntry("seo", Map.of("enabled", false));
        assertThat(spec(client.genericKubernetesResources(websites("v1alpha1")).inNamespace("default").withName("before").get()))
            .isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2));
        assertThatThrownBy(() -> client.genericKubernetesResources(websites("v1alpha1")).inNamespace("default")
            .resource(website("too-big", 50)).create())
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                .contains("replicas must not exceed 10 (got 50)"));
      }
    }
  }

  /** Writes the pair as a Secret volume update does: each file replaced whole (key first, so a reader may see a mismatch). */
  private static void mount(Path dir, Certificates certs) throws Exception {
    replace(dir.resolve("tls.key"), certs.privateKeyPem());
    replace(dir.resolve("tls.crt"), certs.certificatePem());
  }

  private static void replace(Path file, String content) throws Exception {
    Path tmp = Files.writeString(file.resolveSibling("." + file.getFileName() + ".tmp"), content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The CA bundle as registrations carry it: base64 of the CA's PEM (the last certificate of tls.crt). */
  private static String bundle(Certificates certs) {
    return Base64.getEncoder().encodeToString(certs.caBundlePem().getBytes(StandardCharsets.US_ASCII));
  }

  /** The caBundle of the CRD's conversion webhook and of every webhook in the two configurations. */
  private static List<String> registeredBundles(KubernetesClient client) {
    List<String> out = new ArrayList<>();
    out.add(client.apiextensions().v1().customResourceDefinitions().withName("websites.demo.orkestra.io").get()
        .getSpec().getConversion().getWebhook().getClientConfig().getCaBundle());
    for (ValidatingWebhook w : client.admissionRegistration().v1().validatingWebhookConfigurations().withName("orkestra-rotation").get().getWebhooks()) {
      out.add(w.getClientConfig().getCaBundle());
    }
    for (MutatingWebhook w : client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("orkestra-rotation").get().getWebhooks()) {
      out.add(w.getClientConfig().getCaBundle());
    }
    assertThat(out).hasSize(3);
    return out;
  }

  /** The serving certificate a new TLS connection gets, trusting only the given pair's CA. */
  private static Certificate servedCertificate(int port, Certificates trusted) throws Exception {
    try (SSLSocket s = (SSLSocket) Certificates.trusting(trusted.caBundlePem()).getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.startHandshake();
      return s.getSession().getPeerCertificates()[0];
    }
  }

  private static ResourceDefinitionContext websites(String version) {
    return new ResourceDefinitionContext.Builder().withGroup("demo.orkestra.io").withVersion(version).withPlural("websites")
        .withKind("Website").withNamespaced(true).build();
  }

  private static GenericKubernetesResource website(String name, Integer replicas) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("demo.orkestra.io/v1alpha1");
    r.setKind("Website");
    r.setMetadata(new ObjectMetaBuilder().withName(name).build());
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("image", "nginx:1.25");
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
}
