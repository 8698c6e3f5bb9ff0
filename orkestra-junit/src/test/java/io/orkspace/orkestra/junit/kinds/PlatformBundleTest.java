package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's combined Katalog: a conditional Ingress, a ConfigMap per region, a Job the Deployment waits for, and declared status
 * fields converge together; turning {@code spec.expose} off deletes the Ingress, dropping a region deletes its ConfigMap.
 */
@OrkestraTest
class PlatformBundleTest {

    @Test
    void convergesAndDeletesWhatTurnsUndeclared(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsPending();
        h.start(Bundles.KATALOGS.resolve("platform.yaml"));
        h.apply(bundle("shop", "{expose: \"true\", replicas: 2, regions: [eu, us]}"));

        // the Deployment waits for the migration Job; everything else is created at once
        var deployment = h.client().apps().deployments().inNamespace(h.namespace()).withName("shop-deployment");
        eventually().until(() -> h.client().network().v1().ingresses().inNamespace(h.namespace()).withName("shop-ingress").get() != null);
        eventually().untilAsserted(() -> assertThat(regions(h)).containsExactlyInAnyOrder("eu", "us"));
        h.await(API, KIND, "shop", o -> "Pending".equals(Bundles.phase(o)));
        assertThat(deployment.get()).as("not before the Job completed").isNull();
        h.embedded().controllers().jobsComplete();

        GenericKubernetesResource cr = h.await(API, KIND, "shop", o -> StatusFieldsTest.status(o).get("replicas") instanceof Map<?, ?> r
                && Integer.valueOf(2).equals(r.get("ready")) && Integer.valueOf(1).equals(StatusFieldsTest.status(o).get("migrated")));
        cr = h.awaitReady(API, KIND, "shop");
        assertThat(StatusFieldsTest.status(cr)).containsEntry("endpoint", "shop.example.com").containsEntry("phase", "Active");
        var ingress = h.client().network().v1().ingresses().inNamespace(h.namespace()).withName("shop-ingress");
        assertThat(ingress.get()).isNotNull();
        assertThat(h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-migrate").get()).isNotNull();
        assertThat(deployment.get()).isNotNull();
        assertThat(regions(h)).containsExactlyInAnyOrder("eu", "us");

        // the Ingress's condition turns false: it goes, and the endpoint field is cleared
        h.apply(bundle("shop", "{expose: \"false\", replicas: 2, regions: [eu, us]}"));
        eventually().untilAsserted(() -> assertThat(ingress.get()).isNull());
        h.await(API, KIND, "shop", o -> "".equals(StatusFieldsTest.status(o).get("endpoint")));

        // a region leaves the list: its ConfigMap goes, the other stays
        h.apply(bundle("shop", "{expose: \"false\", replicas: 2, regions: [eu]}"));
        eventually().untilAsserted(() -> assertThat(regions(h)).containsExactly("eu"));
        assertThat(Bundles.messages(h, "shop")).contains("deleted Ingress shop-ingress (no longer declared)",
                "deleted ConfigMap shop-region-us (no longer declared)");
        h.awaitReady(API, KIND, "shop");
    }

    /** The regions that have a live ConfigMap. */
    static Set<String> regions(OrkestraHarness h) {
        return h.client().configMaps().inNamespace(h.namespace()).withLabel("orkestra-owner", "shop").list().getItems().stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .map(ConfigMap::getMetadata).map(m -> m.getName())
                .filter(n -> n.startsWith("shop-region-")).map(n -> n.substring("shop-region-".length()))
                .collect(Collectors.toSet());
    }
}
