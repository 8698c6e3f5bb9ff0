package io.orkspace.orkestra.junit.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code labels}, {@code spec.finalizers} and {@code ignoreStatusPatch} of a CRD entry, end to end. */
@OrkestraTest
class EntrySettingsTest {

    @Test
    void labelsAreWrittenOntoTheCrItsFinalizersHeldUntilDeletionAndStatusLeftAlone(OrkestraHarness h) throws Exception {
        h.start(Path.of("src/test/resources/katalogs/entry-settings.yaml"));
        h.apply("""
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: shop}
                spec: {team: payments}
                """);

        GenericKubernetesResource cr = h.await(WebappLifecycleTest.API, "Webapp", "shop", o -> o.getMetadata().getLabels() != null
                && "payments".equals(o.getMetadata().getLabels().get("team")));
        assertThat(cr.getMetadata().getLabels()).containsEntry("managed", "orkestra");
        assertThat(cr.getMetadata().getFinalizers()).contains("example.com/cleanup", "orkestra.orkspace.io/finalizer");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                h.client().configMaps().inNamespace(h.namespace()).withName("shop-web").get() != null);
        assertThat(h.get(WebappLifecycleTest.API, "Webapp", "shop").getAdditionalProperties().get("status"))
                .as("ignoreStatusPatch: no status written").isNull();

        h.client().genericKubernetesResources(WebappLifecycleTest.API, "Webapp").inNamespace(h.namespace()).withName("shop").delete();
        h.awaitGone(WebappLifecycleTest.API, "Webapp", "shop");
    }
}
