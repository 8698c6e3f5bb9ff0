package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import io.orkspace.orkestra.testkit.Requests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** A CR is Ready when every child is: Pending (Progressing) while one is on its way, Degraded when one failed. */
@OrkestraTest
class ReadinessStatusTest {

    static final java.nio.file.Path KATALOG = Bundles.KATALOGS.resolve("readiness.yaml");

    @Test
    void aCrIsPendingWhileItsDeploymentRollsOutWithAStableMessageThenActive(OrkestraHarness h) throws Exception {
        h.embedded().controllers().workloadsReady(false);
        h.start(KATALOG);
        h.apply(bundle("shop", "{message: hello, replicas: 2}"));

        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "shop", "False", "Progressing");
        String message = (String) ready.get("message");
        assertThat(message).matches("waiting for Deployment shop-deployment since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: "
                + "(the controller has not seen the latest spec yet|0/2 replicas updated, 0/2 available)");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Pending");
        assertThat(OrkestraHarness.condition(h.get(API, KIND, "shop"), "Reconciled").orElseThrow()).containsEntry("status", "True");

        // nothing changes while it waits: resyncs every 200 ms write nothing, and the message keeps its "since"
        awaitQuiet(h.requests());
        h.requests().reset();
        Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> h.requests().count("patch", "bundles/status") == 0);
        assertThat(OrkestraHarness.condition(h.get(API, KIND, "shop"), "Ready").orElseThrow()).containsEntry("message", message);

        h.embedded().controllers().workloadsReady(true);
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        assertThat(Bundles.phase(cr)).isEqualTo("Active");
        assertThat(OrkestraHarness.condition(cr, "Ready").orElseThrow()).containsEntry("reason", "ChildrenReady")
                .containsEntry("message", "all 3 child object(s) are ready");

        // a spec change rolls out again: Pending until the controller has caught up, then Active
        h.embedded().controllers().workloadsReady(false);
        h.apply(bundle("shop", "{message: hello, replicas: 3}"));
        assertThat((String) Bundles.awaitReadyCondition(h, "shop", "False", "Progressing").get("message"))
                .startsWith("waiting for Deployment shop-deployment since ");
        h.embedded().controllers().workloadsReady(true);
        h.awaitReady(API, KIND, "shop");
    }

    @Test
    void aFailedJobDegradesTheCrAndAJobIsNeverUpdatedInPlace(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsFail();
        h.start(KATALOG);
        h.apply(bundle("batch", "{message: hello, replicas: 1}"));

        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "batch", "False", "ChildFailed");
        assertThat(ready).containsEntry("message", "Job batch-job failed: Job has reached the specified backoff limit");
        assertThat(Bundles.phase(h.get(API, KIND, "batch"))).isEqualTo("Degraded");
        eventually().untilAsserted(() -> assertThat(h.client().v1().events().inNamespace(h.namespace()).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("ChildFailed");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("batch");
                }));

        // the Job's pod template cannot change: a new message updates the ConfigMap, not the Job
        h.apply(bundle("batch", "{message: again, replicas: 1}"));
        var configMap = h.client().configMaps().inNamespace(h.namespace()).withName("batch-config");
        eventually().until(() -> "again".equals(configMap.get().getData().get("greeting")));
        assertThat(h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("batch-job").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).containsExactly("sh", "-c", "echo hello");

        // replacing the failed Job (deleting it) lets the engine create it anew, from the current spec
        h.embedded().controllers().jobsComplete();
        h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("batch-job").delete();
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "batch");
        assertThat(Bundles.phase(cr)).isEqualTo("Active");
        assertThat(h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("batch-job").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).containsExactly("sh", "-c", "echo again");
    }

    /** Waits until no write has happened for 300 ms. */
    static void awaitQuiet(Requests r) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = r.log().stream().filter(q -> !q.verb().equals("get") && !q.verb().equals("list")
                    && !q.verb().equals("watch")).count();
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
    }
}
