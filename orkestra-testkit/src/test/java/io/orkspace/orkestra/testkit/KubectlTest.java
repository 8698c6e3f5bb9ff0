package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl, a client nobody here wrote, against the embedded server. Skipped when kubectl is not installed. */
class KubectlTest {
  static EmbeddedCluster cluster;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(kubectlPresent(), "kubectl is not installed");
    cluster = EmbeddedCluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  record Result(int code, String out) {}

  static boolean kubectlPresent() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static ProcessBuilder kubectlProcess(String... args) {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
    pb.environment().put("HOME", dir.toString());
    return pb;
  }

  static Result kubectl(String... args) throws Exception {
    Process p = kubectlProcess(args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  static Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  static final String DEPLOYMENT = String.join("\n",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: web",
      "  labels: {app: web}",
      "spec:",
      "  replicas: 1",
      "  selector: {matchLabels: {app: web}}",
      "  template:",
      "    metadata: {labels: {app: web}}",
      "    spec:",
      "      containers:",
      "      - name: main",
      "        image: nginx:1",
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: settings",
      "data:",
      "  a: \"1\"",
      "");

  @Test
  void appliesGetsPatchesEditsAndDeletes() throws Exception {
    Path manifest = file("web.yaml", DEPLOYMENT);
    Result apply = kubectl("apply", "--validate=false", "-f", manifest.toString());
    assertThat(apply.code()).as(apply.out()).isZero();
    assertThat(apply.out()).contains("deployment.apps/web created").contains("configmap/settings created");

    Result again = kubectl("apply", "--validate=false", "-f", manifest.toString());
    assertThat(again.out()).as(again.out()).contains("deployment.apps/web unchanged").contains("configmap/settings unchanged");

    Result yaml = kubectl("get", "deployment", "web", "-o", "yaml");
    assertThat(yaml.code()).as(yaml.out()).isZero();
    assertThat(yaml.out()).contains("name: web").contains("image: nginx:1").contains("resourceVersion:");

    Result table = kubectl("get", "configmaps");
    assertThat(table.code()).as(table.out()).isZero();
    assertThat(table.out()).contains("settings");

    assertThat(kubectl("patch", "configmap", "settings", "--type", "merge", "-p", "{\"data\":{\"b\":\"2\"}}").code()).isZero();
    assertThat(kubectl("patch", "configmap", "settings", "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"3\"}]").code()).isZero();
    Result smp = kubectl("patch", "deployment", "web", "--type", "strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:2\"}]}}}}");
    assertThat(smp.code()).as(smp.out()).isZero();
    assertThat(cluster.client().configMaps().withName("settings").get().getData()).containsEntry("a", "3").containsEntry("b", "2");
    assertThat(cluster.client().apps().deployments().withName("web").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:2");

    // kubectl edit runs $EDITOR on a temporary file: a sed script stands in for the user
    ProcessBuilder edit = kubectlProcess("edit", "--validate=false", "configmap", "settings");
    edit.environment().remove("KUBE_EDITOR");
    edit.environment().put("EDITOR", "sed -i s/\"b: \\\"2\\\"\"/\"b: \\\"edited\\\"\"/");
    Process p = edit.start();
    String editOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(editOut).isZero();
    assertThat(editOut).contains("configmap/settings edited");
    assertThat(cluster.client().configMaps().withName("settings").get().getData()).as(editOut).containsEntry("b", "edited");

    // kubectl patch and edit now own .data.a and the image, with other values than the manifest's
    Result conflict = kubectl("apply", "--server-side", "--validate=false", "-f", manifest.toString());
    assertThat(conflict.code()).isNotZero();
    assertThat(conflict.out()).contains("conflict with \"kubectl-patch\"").contains(".data.a");
    Result ssa = kubectl("apply", "--server-side", "--force-conflicts", "--validate=false", "-f", manifest.toString());
    assertThat(ssa.code()).as(ssa.out()).isZero();
    assertThat(ssa.out()).contains("serverside-applied");

    // foreground deletion: the Deployment stays, with the foregroundDeletion finalizer, while a blocking dependent
    // (held here by its own finalizer) exists; both go once the dependent's finalizer is removed
    Deployment web = cluster.client().apps().deployments().withName("web").get();
    cluster.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("web-dependent")
        .addToFinalizers("example.com/hold")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid(web.getMetadata().getUid())
        .withBlockOwnerDeletion(true).endOwnerReference().endMetadata().build()).create();
    Result delete = kubectl("delete", "deployment", "web", "--cascade=foreground", "--wait=false");
    assertThat(delete.code()).as(delete.out()).isZero();
    assertThat(delete.out()).contains("deployment.apps \"web\" deleted");
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.client().configMaps().withName("web-dependent").get()
        .getMetadata().getDeletionTimestamp() != null);
    Deployment terminating = cluster.client().apps().deployments().withName("web").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getFinalizers()).contains("foregroundDeletion");
    cluster.client().configMaps().withName("web-dependent").edit(cm -> new ConfigMapBuilder(cm).editMetadata().withFinalizers()
        .endMetadata().build());
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.client().apps().deployments().withName("web").get() == null);
    assertThat(cluster.client().configMaps().withName("web-dependent").get()).isNull();
  }

  @Test
  void watchesWithGetW() throws Exception {
    Process p = kubectlProcess("get", "configmaps", "-w", "--output-watch-events").start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.requests().count("watch", "configmaps") > 0);
      cluster.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("watched")
          .endMetadata().build()).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("ADDED") && l.contains("watched")));
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
