package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** An onDelete Job finishes before the CR's finalizer goes. */
@OrkestraTest
class OnDeleteJobTest {

    @Test
    void theFinalizerWaitsForTheCleanupJobToFinish(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsPending();
        h.start(Bundles.KATALOGS.resolve("cleanup.yaml"));
        h.apply(bundle("shop", "{}"));
        h.awaitReady(API, KIND, "shop");

        h.client().genericKubernetesResources(API, KIND).inNamespace(h.namespace()).withName("shop").delete();
        var job = h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-cleanup");
        eventually().until(() -> job.get() != null);
        GenericKubernetesResource deleting = h.await(API, KIND, "shop", o -> "Deleting".equals(Bundles.phase(o)));
        Map<String, Object> ready = OrkestraHarness.condition(deleting, "Ready").orElseThrow();
        assertThat(ready).containsEntry("status", "False").containsEntry("reason", "Deleting")
                .containsEntry("message", "waiting for Job shop-cleanup before removing the finalizer: not complete: 0/1 succeeded");
        assertThat(deleting.getMetadata().getFinalizers()).contains("orkestra.orkspace.io/finalizer");

        h.embedded().controllers().jobsComplete();
        h.awaitGone(API, KIND, "shop");
        eventually().until(() -> job.get() == null); // then collected with the CR
    }
}
