package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code onDelete.ordered}: each group finishes before the next starts, and a timeout reports without dropping the finalizer. */
@OrkestraTest
class OrderedDeletionTest {

    @Test
    void groupsRunOneAfterTheOtherAndATimeoutKeepsTheFinalizer(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsPending();
        h.start(Bundles.KATALOGS.resolve("ordered-deletion.yaml"));
        h.apply(bundle("shop", "{}"));
        h.awaitReady(API, KIND, "shop");
        var credentials = h.client().secrets().inNamespace(h.namespace()).withName("shop-credentials");
        credentials.create(new SecretBuilder().withNewMetadata().withName("shop-credentials").endMetadata()
                .addToStringData("token", "s3cret").build());

        h.client().genericKubernetesResources(API, KIND).inNamespace(h.namespace()).withName("shop").delete();
        var drain = h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-drain");
        eventually().until(() -> drain.get() != null);
        GenericKubernetesResource deleting = h.await(API, KIND, "shop", o -> "Deleting".equals(Bundles.phase(o)));
        assertThat(OrkestraHarness.condition(deleting, "Ready").orElseThrow()).containsEntry("reason", "Deleting").containsEntry("message",
                "waiting for Job shop-drain before removing the finalizer: not complete: 0/1 succeeded (group drain)");
        assertThat(credentials.get()).as("the second group waits for the first").isNotNull();

        // past the 2 s timeout: reported, and the CR keeps its finalizer (nothing is skipped)
        Map<String, Object> stuck = Bundles.awaitReadyCondition(h, "shop", "False", "DeletionTimedOut");
        assertThat((String) stuck.get("message")).isEqualTo("ordered deletion did not finish within 2s: "
                + "waiting for Job shop-drain before removing the finalizer: not complete: 0/1 succeeded (group drain)");
        assertThat(Bundles.messages(h, "shop")).anyMatch(m -> m.startsWith("ordered deletion did not finish within 2s"));
        assertThat(h.get(API, KIND, "shop").getMetadata().getFinalizers()).contains("orkestra.orkspace.io/finalizer");
        assertThat(credentials.get()).isNotNull();

        // the cause fixed: the sequence goes on from where it was
        h.embedded().controllers().jobsComplete();
        h.awaitGone(API, KIND, "shop");
        assertThat(credentials.get()).as("deleted by the second group").isNull();
        assertThat(Bundles.messages(h, "shop")).contains("deleted Secret shop-credentials (onDelete)");
    }
}
