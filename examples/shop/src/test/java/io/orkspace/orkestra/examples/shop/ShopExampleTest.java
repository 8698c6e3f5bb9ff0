package io.orkspace.orkestra.examples.shop;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Shop example's Katalog, run by the engine on the embedded API server: each row of the example's README. */
@OrkestraTest
class ShopExampleTest {

    private static final String API = "demo.orkestra.io/v1";

    @Test
    void theShopConvergesInOrderAndIsCleanedUpInOrder(OrkestraHarness h) throws Exception {
        h.embedded().controllers().workloadsReady(true).jobsPending().pvcsBind(true);
        h.start(Path.of("katalog.yaml"));
        h.apply(shop("true", "[eu, us]"));

        // the Deployment waits for the migration Job
        var deployment = h.client().apps().deployments().inNamespace(h.namespace()).withName("shop");
        GenericKubernetesResource pending = h.await(API, "Shop", "shop", o -> "Pending".equals(status(o).get("phase")));
        assertThat(String.valueOf(OrkestraHarness.condition(pending, "Ready").orElseThrow().get("message")))
                .startsWith("waiting for Job shop-migrate since ").endsWith(": not complete: 0/1 succeeded (and 1 more)");
        assertThat(deployment.get()).isNull();
        h.embedded().controllers().jobsComplete();
        GenericKubernetesResource ready = h.awaitReady(API, "Shop", "shop");
        assertThat(deployment.get()).isNotNull();
        assertThat(status(ready)).containsEntry("endpoint", "https://shop.example.com").containsEntry("readyReplicas", 2);
        assertThat(configMap(h, "shop-region-eu")).isTrue();
        assertThat(configMap(h, "shop-region-us")).isTrue();

        // not exposed any more, one region less: the Ingress and that region's ConfigMap go
        h.apply(shop("false", "[eu]"));
        eventually().until(() -> h.client().network().v1().ingresses().inNamespace(h.namespace()).withName("shop-ingress").get() == null
                && !configMap(h, "shop-region-us"));
        assertThat(configMap(h, "shop-region-eu")).isTrue();

        // deletion: drain Job, then the credentials someone else made; the data claim stays, released
        var credentials = h.client().secrets().inNamespace(h.namespace()).withName("shop-payment-credentials");
        credentials.create(new SecretBuilder().withNewMetadata().withName("shop-payment-credentials").endMetadata()
                .addToData("token", "czNjcmV0").build());
        h.client().genericKubernetesResources(API, "Shop").inNamespace(h.namespace()).withName("shop").delete();
        h.awaitGone(API, "Shop", "shop");
        assertThat(h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-drain").get())
                .as("the drain Job ran (and was collected with the Shop)").satisfiesAnyOf(
                        j -> assertThat(j).isNull(), j -> assertThat(j.getStatus().getSucceeded()).isEqualTo(1));
        assertThat(credentials.get()).isNull();
        var data = h.client().persistentVolumeClaims().inNamespace(h.namespace()).withName("shop-data").get();
        assertThat(data).as("deletionPolicy: Retain").isNotNull();
        assertThat(data.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    private static String shop(String expose, String regions) {
        return """
                apiVersion: demo.orkestra.io/v1
                kind: Shop
                metadata: {name: shop}
                spec: {image: "nginx:1.27", replicas: 2, expose: "%s", regions: %s}
                """.formatted(expose, regions);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource o) {
        Object s = o.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static boolean configMap(OrkestraHarness h, String name) {
        var c = h.client().configMaps().inNamespace(h.namespace()).withName(name).get();
        return c != null && c.getMetadata().getDeletionTimestamp() == null;
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20));
    }
}
