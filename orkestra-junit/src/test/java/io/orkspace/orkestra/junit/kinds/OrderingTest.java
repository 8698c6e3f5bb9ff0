package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dependsOn} between children (created after what they wait for is ready, deleted before it), the deletion
 * policies, and adoption of objects the CR does not own.
 */
@OrkestraTest
class OrderingTest {

    @Test
    void aChildIsCreatedOnlyOnceWhatItDependsOnIsReadyAndDeletedBeforeIt(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsPending();
        h.start(Bundles.KATALOGS.resolve("ordering.yaml"));
        h.apply(bundle("shop", "{}"));

        var job = h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-migrate");
        var deployment = h.client().apps().deployments().inNamespace(h.namespace()).withName("shop");
        eventually().until(() -> job.get() != null);
        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "shop", "False", "Progressing");
        assertThat((String) ready.get("message")).startsWith("waiting for Deployment shop since ")
                .endsWith(": created after Job shop-migrate is ready (not complete: 0/1 succeeded) (and 1 more)");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Pending");
        // later reconciles (resync every 500 ms) still hold it back, although onCreate's first reconcile is over
        Thread.sleep(1200);
        assertThat(deployment.get()).as("not created while the Job runs").isNull();

        h.embedded().controllers().jobsComplete();
        eventually().until(() -> deployment.get() != null);
        h.awaitReady(API, KIND, "shop");
        assertThat(h.requests().log().stream().filter(r -> r.apply() && r.resource().equals("deployments")
                && h.namespace().equals(r.namespace()))).as("created once, when its turn came").hasSize(1);

        // deletion runs the other way: the Deployment goes first, the Job it waited for after it
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (Watch w1 = h.client().apps().deployments().inNamespace(h.namespace()).watch(recordDeletions(deleted));
             Watch w2 = h.client().batch().v1().jobs().inNamespace(h.namespace()).watch(recordDeletions(deleted))) {
            Bundles.deleteBundle(h, "shop");
            eventually().until(() -> deleted.size() == 2);
        }
        assertThat(deleted).containsExactly("Deployment shop", "Job shop-migrate");
        assertThat(Bundles.messages(h, "shop")).contains("deleted Deployment shop (reverse creation order)",
                "deleted Job shop-migrate (reverse creation order)");
    }

    @Test
    void aRetainedChildOutlivesItsCrReleased(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsComplete();
        h.start(Bundles.KATALOGS.resolve("ordering.yaml"));
        h.apply(bundle("shop", "{}"));
        h.awaitReady(API, KIND, "shop");
        var kept = h.client().configMaps().inNamespace(h.namespace()).withName("shop-kept");
        assertThat(kept.get().getMetadata().getAnnotations()).containsEntry("orkestra.orkspace.io/deletion-policy", "Retain");
        Bundles.assertOwnedBy(kept.get(), h.get(API, KIND, "shop"));

        Bundles.deleteBundle(h, "shop");
        eventually().until(() -> h.client().apps().deployments().inNamespace(h.namespace()).withName("shop").get() == null);
        ConfigMap left = kept.get();
        assertThat(left).as("kept after its CR went").isNotNull();
        assertThat(left.getData()).containsEntry("state", "kept");
        assertThat(left.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(left.getMetadata().getLabels()).doesNotContainKeys("managed-by", "orkestra-owner");
        assertThat(Bundles.messages(h, "shop")).contains("released ConfigMap shop-kept (its CR was deleted; deletionPolicy: Retain)");

        // a new CR of the same name finds it in the way: not its own, and the entry does not say adopt
        h.apply(bundle("shop", "{}"));
        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "shop", "False", "ChildConflict");
        assertThat((String) ready.get("message")).contains("ConfigMap shop-kept already exists and is not owned by this Bundle "
                + "(set adopt: true on spec.crds.bundle.operatorBox.onCreate.configMaps[0] to take it over)");
        assertThat(kept.get().getMetadata().getOwnerReferences()).as("left alone").isNullOrEmpty();
    }

    @Test
    void anExistingObjectIsTakenOverOnlyWhenTheEntrySaysAdopt(OrkestraHarness h) throws Exception {
        h.embedded().controllers().jobsComplete();
        var legacy = h.client().configMaps().inNamespace(h.namespace()).withName("shop-legacy");
        var settings = h.client().configMaps().inNamespace(h.namespace()).withName("shop-settings");
        legacy.create(new ConfigMapBuilder().withNewMetadata().withName("shop-legacy").endMetadata().addToData("state", "by hand").build());
        settings.create(new ConfigMapBuilder().withNewMetadata().withName("shop-settings").endMetadata().addToData("state", "by hand").build());
        h.start(Bundles.KATALOGS.resolve("ordering.yaml"));
        h.apply(bundle("shop", "{settings: \"true\"}"));

        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "shop", "False", "ChildConflict");
        assertThat((String) ready.get("message")).isEqualTo("ConfigMap shop-settings already exists and is not owned by this Bundle "
                + "(set adopt: true on spec.crds.bundle.operatorBox.onCreate.configMaps[2] to take it over)");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Degraded");
        assertThat(Bundles.messages(h, "shop")).anyMatch(m -> m.startsWith("ConfigMap shop-settings already exists"));
        assertThat(settings.get().getData()).as("not touched").containsEntry("state", "by hand");
        assertThat(settings.get().getMetadata().getOwnerReferences()).isNullOrEmpty();
        // adopt: true took the other one over, the other children were applied too
        Bundles.assertOwnedBy(legacy.get(), h.get(API, KIND, "shop"));
        assertThat(legacy.get().getData()).containsEntry("state", "adopted");
        assertThat(h.client().batch().v1().jobs().inNamespace(h.namespace()).withName("shop-migrate").get()).isNotNull();

        // out of the way: the next retry creates it and the CR converges
        settings.delete();
        h.awaitReady(API, KIND, "shop");
        Bundles.assertOwnedBy(settings.get(), h.get(API, KIND, "shop"));
        assertThat(settings.get().getData()).containsEntry("state", "fresh");
    }

    private static <T extends HasMetadata> Watcher<T> recordDeletions(List<String> deleted) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.DELETED) {
                    deleted.add(resource.getKind() + " " + resource.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
