package io.orkspace.orkestra.examples.embedded;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The application, started the way a user starts it, against the embedded API server. */
class EmbeddedAppTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void mainRunsTheOperatorOnItsOwnClientFromAKubeconfigAndStopsCleanly() throws Exception {
        try (EmbeddedCluster cluster = startCluster()) {
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread app = new Thread(() -> {
                try {
                    EmbeddedApp.run(new String[] {"--kubeconfig", cluster.kubeconfig().toString()}, stop);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "embedded-app");
            app.start();

            createAppConfig(cluster.client());

            await().atMost(WAIT).until(() -> configMap(cluster.client()) != null);
            assertThat(configMap(cluster.client()).getData()).containsEntry("ENVIRONMENT", "staging").containsEntry("LOG_LEVEL", "debug");
            await().atMost(WAIT).until(() -> List.of("new-checkout", "dark-mode").equals(status(cluster.client()).get("flags")));

            stop.countDown();
            app.join(WAIT.toMillis());
            assertThat(app.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void aHookBuiltFromTheApplicationsObjectsSeesTheirCurrentState() throws Exception {
        FeatureFlags flags = FeatureFlags.sample();
        try (EmbeddedCluster cluster = startCluster(); EmbeddedApp app = EmbeddedApp.start(cluster.client(), flags)) {
            KubernetesClient client = cluster.client();
            createAppConfig(client);
            await().atMost(WAIT).until(() -> List.of("new-checkout", "dark-mode").equals(status(client).get("flags")));

            flags.set("staging", List.of("dark-mode", "one-click-buy"));
            // any change of the CR brings a reconcile (so does the periodic resync)
            cr(client).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"touched\":\"1\"}}}");

            await().atMost(WAIT).until(() -> List.of("dark-mode", "one-click-buy").equals(status(client).get("flags")));
            assertThat(app.health()).containsEntry("appconfig", true);
        }
    }

    @Test
    void twoApplicationsEachWithItsEngineAndClientRunInOneJvmAndStopIndependently() throws Exception {
        FeatureFlags other = new FeatureFlags();
        other.set("staging", List.of("beta-banner"));
        try (EmbeddedCluster east = startCluster(); EmbeddedCluster west = startCluster();
             EmbeddedApp westApp = EmbeddedApp.start(west.client(), other)) {
            EmbeddedApp eastApp = EmbeddedApp.start(east.client(), FeatureFlags.sample());
            createAppConfig(east.client());
            createAppConfig(west.client());

            await().atMost(WAIT).until(() -> List.of("new-checkout", "dark-mode").equals(status(east.client()).get("flags")));
            await().atMost(WAIT).until(() -> List.of("beta-banner").equals(status(west.client()).get("flags")));

            eastApp.close();
            west.client().configMaps().inNamespace("default").withName("checkout-config").delete();

            // the west engine still runs: it recreates its deleted child
            await().atMost(WAIT).until(() -> configMap(west.client()) != null);
            assertThat(westApp.health()).containsEntry("appconfig", true);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static EmbeddedCluster startCluster() throws Exception {
        EmbeddedCluster cluster = EmbeddedCluster.start();
        try (InputStream crd = Files.newInputStream(Path.of("crd.yaml"))) {
            cluster.client().load(crd).serverSideApply();
        }
        return cluster;
    }

    private static void createAppConfig(KubernetesClient client) throws Exception {
        try (InputStream cr = Files.newInputStream(Path.of("cr.yaml"))) {
            client.load(cr).create();
        }
    }

    private static io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> cr(KubernetesClient client) {
        return client.genericKubernetesResources("demo.orkestra.io/v1alpha1", "AppConfig").inNamespace("default").withName("checkout");
    }

    private static ConfigMap configMap(KubernetesClient client) {
        return client.configMaps().inNamespace("default").withName("checkout-config").get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(KubernetesClient client) {
        GenericKubernetesResource cr = cr(client).get();
        Object status = cr == null ? null : cr.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
