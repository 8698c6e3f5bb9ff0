package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  static EmbeddedCluster cluster;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start(EmbeddedClusterOptions.DEFAULTS.withTls(true));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void servesHttpsThatTheFabric8ClientTrustsThroughTheGeneratedCa() {
    assertThat(cluster.url()).startsWith("https://127.0.0.1:");
    assertThat(cluster.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    KubernetesClient client = cluster.client();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("over-tls").endMetadata().addToData("a", "b").build()).create();
    assertThat(client.configMaps().withName("over-tls").get().getData()).isEqualTo(Map.of("a", "b"));

    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch w = client.configMaps().watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      client.configMaps().withName("over-tls").edit(c -> new ConfigMapBuilder(c).addToData("c", "d").build());
      await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("MODIFIED over-tls"));
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCaIsRefused() {
    Config untrusting = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).withTrustCerts(false).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(untrusting).build()) {
      assertThatThrownBy(() -> client.configMaps().inNamespace("default").list()).isInstanceOf(KubernetesClientException.class);
    }
  }

  @Test
  void theKubeconfigCarriesTheCaForKubectl() throws Exception {
    String kubeconfig = Files.readString(cluster.kubeconfig());
    assertThat(kubeconfig).contains("server: https://127.0.0.1:").contains("certificate-authority-data: ");
    Assumptions.assumeTrue(KubectlTest.kubectlPresent(), "kubectl is not installed");
    cluster.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("for-kubectl").endMetadata().build()).create();
    ProcessBuilder pb = new ProcessBuilder("kubectl", "--request-timeout=20s", "--kubeconfig", cluster.kubeconfig().toString(), "get", "configmap", "for-kubectl",
        "-o", "jsonpath={.metadata.name}").redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("for-kubectl");
    assertThat(p.exitValue()).isZero();
  }
}
