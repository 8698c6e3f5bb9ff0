package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListAndErrorsTest {
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static RawHttp http;

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    http = new RawHttp(cluster);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sel").endMetadata().build()).create();
    String[][] rows = {{"a", "web", "prod"}, {"b", "web", "dev"}, {"c", "db", "prod"}, {"d", "cache", null}};
    for (String[] r : rows) {
      Map<String, String> labels = new java.util.HashMap<>(Map.of("app", r[1]));
      if (r[2] != null) {
        labels.put("env", r[2]);
      }
      client.configMaps().inNamespace("sel").resource(new ConfigMapBuilder().withNewMetadata().withName(r[0]).withLabels(labels).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static List<String> names(String labelSelector) {
    return client.configMaps().inNamespace("sel").list(new ListOptionsBuilder().withLabelSelector(labelSelector).build())
        .getItems().stream().map(c -> c.getMetadata().getName()).toList();
  }

  @Test
  void selectsByEqualityAndSetBasedLabelSelectors() {
    assertThat(names("app=web")).containsExactly("a", "b");
    assertThat(names("app==web,env=prod")).containsExactly("a");
    assertThat(names("app!=web")).containsExactly("c", "d");
    assertThat(names("app in (web, db)")).containsExactly("a", "b", "c");
    assertThat(names("env notin (prod)")).containsExactly("b", "d");
    assertThat(names("env")).containsExactly("a", "b", "c");
    assertThat(names("!env")).containsExactly("d");
    assertThat(client.configMaps().inNamespace("sel").withLabelIn("app", "db", "cache").list().getItems()).hasSize(2);
  }

  @Test
  void selectsByFieldSelectors() {
    assertThat(client.configMaps().inAnyNamespace().withField("metadata.name", "c").list().getItems())
        .extracting(c -> c.getMetadata().getNamespace()).containsExactly("sel");
    assertThat(client.configMaps().inNamespace("sel").withoutField("metadata.name", "a").list().getItems()).hasSize(3);
    assertThat(client.configMaps().inAnyNamespace().withField("metadata.namespace", "sel").list().getItems()).hasSize(4);
  }

  @Test
  void pagesWithLimitAndContinue() {
    List<String> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ConfigMapList page = client.configMaps().inNamespace("sel").list(new ListOptionsBuilder().withLimit(3L).withContinue(token).build());
      page.getItems().forEach(c -> all.add(c.getMetadata().getName()));
      token = page.getMetadata().getContinue();
      pages++;
    } while (token != null && !token.isEmpty());
    assertThat(pages).isEqualTo(2);
    assertThat(all).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aListCarriesTheResourceVersionToWatchFrom() {
    ConfigMapList list = client.configMaps().inNamespace("sel").list();
    long rv = Long.parseLong(list.getMetadata().getResourceVersion());
    for (ConfigMap c : list.getItems()) {
      assertThat(Long.parseLong(c.getMetadata().getResourceVersion())).isLessThanOrEqualTo(rv);
    }
  }

  @Test
  void badRequestsGetTheApiServersCodesAndStatusBodies() {
    assertStatus(http.get("/api/v1/namespaces/sel/configmaps?labelSelector=a%20in%20(b"), 400, "BadRequest");
    assertStatus(http.get("/api/v1/namespaces/sel/configmaps?fieldSelector=data.x%3Dy"), 400, "BadRequest");
    assertStatus(http.get("/api/v1/namespaces/sel/nothings"), 404, "NotFound");
    assertStatus(http.get("/apis/nothing.example.com/v1/things"), 404, "NotFound");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/configmaps", "application/json", "{not json"), 400, "BadRequest");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/configmaps", "application/json", "[]"), 400, "BadRequest");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}"), 400, "BadRequest");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}"), 400, "BadRequest");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}"), 422, "Invalid");
    assertStatus(http.send("PUT", "/api/v1/namespaces/sel/configmaps", "application/json", "{}"), 405, "MethodNotAllowed");
    assertStatus(http.send("POST", "/api/v1/namespaces/sel/services", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":\"oops\"}"), 400, "BadRequest");
    assertStatus(http.send("PATCH", "/api/v1/namespaces/sel/configmaps/a", "application/json-patch+json", "{\"op\":1}"), 400, "BadRequest");
    assertStatus(http.send("PATCH", "/api/v1/namespaces/sel/configmaps/a", "application/merge-patch+json", "{]"), 400, "BadRequest");
    assertStatus(http.send("PUT", "/api/v1/namespaces/sel/configmaps/zz", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"zz\"}}"), 404, "NotFound");
    assertStatus(http.send("PUT", "/api/v1/namespaces/sel/configmaps/a", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"}}"), 400, "BadRequest");
    assertStatus(http.get("/api/v1/namespaces/sel/configmaps?watch=true&resourceVersion=abc"), 400, "BadRequest");
  }

  @Test
  void servesDiscoveryAndVersion() {
    assertThat(http.get("/version").body().path("major").asText()).isEqualTo("1");
    assertThat(http.get("/api").body().path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(http.get("/api/v1").body().path("resources").toString()).contains("\"configmaps\"").contains("pods/status");
    String groups = http.get("/apis").text();
    for (String g : List.of("apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "policy", "autoscaling", "coordination.k8s.io",
        "events.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io")) {
      assertThat(groups).contains("\"" + g + "\"");
    }
    assertThat(http.get("/apis/apps/v1").body().path("resources").toString()).contains("deployments/status").contains("statefulsets");
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
  }

  @Test
  void deletesACollectionBySelector() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bulk").endMetadata().build()).create();
    for (int i = 0; i < 5; i++) {
      client.configMaps().inNamespace("bulk").resource(new ConfigMapBuilder().withNewMetadata().withName("c" + i)
          .withLabels(Map.of("batch", i % 2 == 0 ? "even" : "odd")).endMetadata().build()).create();
    }
    client.configMaps().inNamespace("bulk").withLabel("batch", "even").delete();
    assertThat(client.configMaps().inNamespace("bulk").list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("c1", "c3");
  }

  private static void assertStatus(RawHttp.Response r, int code, String reason) {
    assertThat(r.code()).as(r.text()).isEqualTo(code);
    assertThat(r.body().path("kind").asText()).as(r.text()).isEqualTo("Status");
    assertThat(r.body().path("reason").asText()).as(r.text()).isEqualTo(reason);
    assertThat(r.body().path("code").asInt()).isEqualTo(code);
  }
}
