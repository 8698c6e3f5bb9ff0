package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BasicCrudTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("crud").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ConfigMap cm(String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("crud").endMetadata().withData(data).build();
  }

  @Test
  void createsAndReadsBackAnObjectWithServerMetadata() {
    ConfigMap created = client.configMaps().inNamespace("crud").resource(cm("a", Map.of("k", "v"))).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
    assertThat(created.getMetadata().getGeneration()).as("config maps have no generation").isNull();
    ConfigMap read = client.configMaps().inNamespace("crud").withName("a").get();
    assertThat(read.getData()).containsEntry("k", "v");
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void answersNotFoundWithNullAndAlreadyExistsWith409() {
    assertThat(client.configMaps().inNamespace("crud").withName("missing").get()).isNull();
    client.configMaps().inNamespace("crud").resource(cm("dup", Map.of())).create();
    assertThatThrownBy(() -> client.configMaps().inNamespace("crud").resource(cm("dup", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"dup\" already exists");
        });
  }

  @Test
  void rejectsAnUpdateWithAStaleResourceVersion() {
    ConfigMap v1 = client.configMaps().inNamespace("crud").resource(cm("stale", Map.of("n", "1"))).create();
    ConfigMap v2 = client.configMaps().inNamespace("crud").resource(cm("stale", Map.of("n", "2"))).update();
    assertThat(Long.parseLong(v2.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(v1.getMetadata().getResourceVersion()));
    v1.setData(Map.of("n", "3"));
    assertThatThrownBy(() -> client.configMaps().inNamespace("crud").resource(v1).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheResourceVersion() {
    ConfigMap created = client.configMaps().inNamespace("crud").resource(cm("same", Map.of("k", "v"))).create();
    ConfigMap again = client.configMaps().inNamespace("crud").resource(created).update();
    assertThat(again.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void deletesAndListsAcrossNamespaces() {
    client.configMaps().inNamespace("crud").resource(cm("gone", Map.of())).create();
    assertThat(client.configMaps().inNamespace("crud").withName("gone").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace("crud").withName("gone").get()).isNull();
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("elsewhere").endMetadata().build()).create();
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).extracting(c -> c.getMetadata().getNamespace())
        .contains("crud", "default");
  }

  @Test
  void refusesObjectsInAMissingNamespaceAndInvalidNames() {
    assertThatThrownBy(() -> client.configMaps().inNamespace("nope").resource(
        new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThatThrownBy(() -> client.configMaps().inNamespace("crud").resource(cm("Bad_Name", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getDetails().getCauses()).extracting("field").containsExactly("metadata.name");
        });
  }

  @Test
  void generatesNamesFromGenerateName() {
    ConfigMap c = client.configMaps().inNamespace("crud").resource(
        new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build()).create();
    assertThat(c.getMetadata().getName()).startsWith("gen-").hasSize(9);
  }

  @Test
  void countsRequestsByVerbAndResource() {
    cluster.requests().reset();
    client.configMaps().inNamespace("crud").resource(cm("counted", Map.of())).create();
    client.configMaps().inNamespace("crud").withName("counted").get();
    client.configMaps().inNamespace("crud").list();
    assertThat(cluster.requests().count("create", "configmaps")).isEqualTo(1);
    assertThat(cluster.requests().count("POST", "configmaps")).isEqualTo(1);
    assertThat(cluster.requests().count("get", "configmaps")).isEqualTo(1);
    assertThat(cluster.requests().count("list", "configmaps")).isEqualTo(1);
    assertThat(cluster.requests().writes("configmaps")).isEqualTo(1);
    assertThat(cluster.requests().log()).extracting(Requests.Request::name).contains("counted");
  }

  @Test
  void failsTheNextWritesWithAnInjectedStatus() {
    cluster.faults().failNextWrites("configmaps", 2, 503);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.configMaps().inNamespace("crud").resource(cm("faulty", Map.of())).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    }
    assertThat(client.configMaps().inNamespace("crud").resource(cm("faulty", Map.of())).create()).isNotNull();
  }

  @Test
  void writesAKubeconfigForOtherClients() throws Exception {
    String text = Files.readString(cluster.kubeconfig());
    assertThat(text).contains("server: " + cluster.url());
    try (KubernetesClient other = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(text)).build()) {
      assertThat(other.namespaces().withName("crud").get()).isNotNull();
    }
  }

  @Test
  void storesASecretsStringDataBase64EncodedUnderDataAndNeverReturnsIt() {
    Secret created = client.secrets().inNamespace("crud").resource(new SecretBuilder()
        .withNewMetadata().withName("creds").withNamespace("crud").endMetadata()
        .addToData("user", b64("old")).addToData("kept", b64("k"))
        .addToStringData("user", "admin").addToStringData("password", "s3cr\u00e9t").build()).create();

    assertThat(created.getStringData()).isNullOrEmpty();
    Secret read = client.secrets().inNamespace("crud").withName("creds").get();
    assertThat(read.getStringData()).isNullOrEmpty();
    assertThat(read.getData()).containsOnly(entry("user", b64("admin")), entry("kept", b64("k")),
        entry("password", b64("s3cr\u00e9t")));

    Secret applied = client.secrets().inNamespace("crud").resource(new SecretBuilder()
        .withNewMetadata().withName("creds").withNamespace("crud").endMetadata()
        .addToStringData("token", "t").build()).fieldManager("other").forceConflicts().serverSideApply();
    assertThat(applied.getStringData()).isNullOrEmpty();
    assertThat(applied.getData()).containsEntry("token", b64("t")).containsEntry("user", b64("admin"));
  }

  @Test
  void refusesAStringDataValueThatIsNotAString() {
    GenericKubernetesResource bad = client.getKubernetesSerialization().unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
        + "\"metadata\":{\"name\":\"bad\",\"namespace\":\"crud\"},\"stringData\":{\"n\":3}}", GenericKubernetesResource.class);
    assertThatThrownBy(() -> client.genericKubernetesResources("v1", "Secret").inNamespace("crud").resource(bad).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getStatus().getMessage()).contains("Secret.stringData of type string");
        });
    assertThat(client.secrets().inNamespace("crud").withName("bad").get()).isNull();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
