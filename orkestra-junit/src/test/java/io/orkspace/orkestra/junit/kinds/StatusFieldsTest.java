package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;

/** The operatorBox's {@code status.fields}: rendered over the CR and its live children, written only when they change. */
@OrkestraTest
class StatusFieldsTest {

    @Test
    void declaredFieldsFollowTheCrAndItsChildrenAndAreWrittenOnlyWhenTheyChange(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("status.yaml"));
        h.apply(bundle("shop", "{replicas: 2, tier: gold}"));

        GenericKubernetesResource cr = h.await(API, KIND, "shop", o -> status(o).get("replicas") instanceof Map<?, ?> r
                && Integer.valueOf(2).equals(r.get("ready")));
        Map<String, Object> status = status(cr);
        assertThat(status).containsEntry("endpoint", "shop." + h.namespace() + ".svc.cluster.local")
                .containsEntry("replicas", Map.of("desired", 2, "ready", 2))
                .containsEntry("greeting", "hello shop")
                .containsEntry("config", "shop-config")
                .containsEntry("tier", "premium")
                .containsEntry("phase", "Active");

        // converged: resyncs every 200 ms render the same fields and write nothing
        ReadinessStatusTest.awaitQuiet(h.requests());
        h.requests().reset();
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> h.requests().count("patch", "bundles/status") == 0);

        // a spec change: the rollout shows in replicas.ready; the gate of tier turns false and clears it
        h.apply(bundle("shop", "{replicas: 3, tier: bronze}"));
        cr = h.await(API, KIND, "shop", o -> status(o).get("replicas") instanceof Map<?, ?> r && Integer.valueOf(3).equals(r.get("ready")));
        assertThat(status(cr)).containsEntry("replicas", Map.of("desired", 3, "ready", 3)).containsEntry("tier", "");
        h.awaitReady(API, KIND, "shop");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource cr) {
        return cr.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
