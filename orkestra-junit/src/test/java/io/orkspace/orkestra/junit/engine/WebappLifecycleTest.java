package io.orkspace.orkestra.junit.engine;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5's life of a CR, end to end on the embedded API server through the real fabric8 client. */
@OrkestraTest
class WebappLifecycleTest {

    static final Path KATALOG = Path.of("src/test/resources/katalogs/webapp.yaml");
    static final String API = "test.orkestra.io/v1";

    static String webapp(String name, int replicas) {
        return """
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: %s}
                spec: {image: "nginx:1.27", replicas: %d, port: 8080}
                """.formatted(name, replicas);
    }

    @Test
    void aNewCrGetsItsOwnedChildrenReadyStatusAndEvents(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(webapp("blog", 3));

        GenericKubernetesResource cr = h.awaitReady(API, "Webapp", "blog");

        Deployment d = h.client().apps().deployments().inNamespace(h.namespace()).withName("blog").get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        assertThat(d.getMetadata().getLabels()).containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", "blog");
        assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(h.client().services().inNamespace(h.namespace()).withName("blog-svc").get().getSpec().getPorts().get(0).getPort())
                .isEqualTo(80);
        assertThat(OrkestraHarness.observedGeneration(cr)).isEqualTo(cr.getMetadata().getGeneration());
        assertThat(OrkestraHarness.condition(cr, "Reconciled")).hasValueSatisfying(c -> assertThat(c).containsEntry("status", "True"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reasons(h, "blog"))
                .contains("Created"));
        // the managed fields show the field manager orkestra
        assertThat(d.getMetadata().getManagedFields()).anySatisfy(f -> assertThat(f.getManager()).isEqualTo("orkestra"));
    }

    @Test
    void specChangesAreAppliedAndHandEditsAndDeletionsAreCorrected(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(webapp("shop", 2));
        h.awaitReady(API, "Webapp", "shop");
        var deployment = h.client().apps().deployments().inNamespace(h.namespace()).withName("shop");

        h.apply(webapp("shop", 5));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment.get().getSpec().getReplicas() == 5);

        deployment.edit(d -> {
            d.getSpec().setReplicas(1);
            return d;
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment.get().getSpec().getReplicas() == 5);

        String uid = deployment.get().getMetadata().getUid();
        deployment.delete();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment.get() != null
                && !deployment.get().getMetadata().getUid().equals(uid));
        assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void anOnCreateChildWithoutReconcileIsCreatedOnceAndNeverTouchedAgain(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(webapp("docs", 1));
        h.awaitReady(API, "Webapp", "docs");
        var seed = h.client().configMaps().inNamespace(h.namespace()).withName("docs-seed");
        assertThat(seed.get().getData()).containsEntry("greeting", "hello docs");

        seed.edit(c -> {
            c.getData().put("greeting", "edited by hand");
            return c;
        });
        h.apply(webapp("docs", 2)); // a spec change: a full reconcile runs
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> h.client().apps().deployments().inNamespace(h.namespace()).withName("docs").get().getSpec().getReplicas() == 2);
        assertThat(seed.get().getData()).containsEntry("greeting", "edited by hand");

        seed.delete();
        h.apply(webapp("docs", 3));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> h.client().apps().deployments().inNamespace(h.namespace()).withName("docs").get().getSpec().getReplicas() == 3);
        assertThat(seed.get()).isNull();
    }

    @Test
    void deletingTheCrRunsOnDeleteRemovesTheFinalizerAndTheChildrenAreCollected(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(webapp("gone", 1));
        GenericKubernetesResource cr = h.awaitReady(API, "Webapp", "gone");
        assertThat(cr.getMetadata().getFinalizers()).contains("orkestra.orkspace.io/finalizer");

        // made by someone else, no owner reference: only the onDelete entry naming it removes it
        var external = h.client().configMaps().inNamespace(h.namespace()).withName("gone-external");
        external.create(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("gone-external")
                .endMetadata().addToData("token", "t").build());

        h.client().genericKubernetesResources(API, "Webapp").inNamespace(h.namespace()).withName("gone").delete();

        h.awaitGone(API, "Webapp", "gone");
        assertThat(external.get()).as("the onDelete entry deleted it").isNull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                h.client().apps().deployments().inNamespace(h.namespace()).withName("gone").get() == null
                        && h.client().services().inNamespace(h.namespace()).withName("gone-svc").get() == null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages(h, "gone"))
                .anyMatch(m -> m.contains("deleted ConfigMap gone-external (onDelete)")));
    }

    @Test
    void anInvalidValueIsReportedOnTheCrAndRetriedWhileOtherCrsConverge(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply("""
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: broken}
                spec: {image: "nginx:1.27", replicas: three}
                """);
        h.apply(webapp("fine", 1));

        GenericKubernetesResource broken = h.await(API, "Webapp", "broken", o -> OrkestraHarness.condition(o, "Ready")
                .map(c -> "False".equals(c.get("status"))).orElse(false));
        assertThat(OrkestraHarness.condition(broken, "Ready").orElseThrow())
                .containsEntry("reason", "InvalidTemplate")
                .hasEntrySatisfying("message", m -> assertThat((String) m)
                        .contains("deployments[0].replicas", "webapp.yaml:", "expected an integer, got \"three\""));
        h.awaitReady(API, "Webapp", "fine");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.client().v1().events()
                .inNamespace(h.namespace()).list().getItems()).anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("broken");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("InvalidTemplate");
                    assertThat(e.getCount()).isGreaterThanOrEqualTo(2); // retried, and the repeats are counted, not re-created
                }));

        h.apply("""
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: broken}
                spec: {image: "nginx:1.27", replicas: 2}
                """);
        h.awaitReady(API, "Webapp", "broken");
        // a failed first reconcile does not count as the first: the create-once ConfigMap is created once it succeeds
        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("broken-seed").get()).isNotNull();
    }

    static List<String> reasons(OrkestraHarness h, String cr) {
        return events(h, cr).stream().map(Event::getReason).toList();
    }

    static List<String> messages(OrkestraHarness h, String cr) {
        return events(h, cr).stream().map(Event::getMessage).toList();
    }

    static List<Event> events(OrkestraHarness h, String cr) {
        return h.client().v1().events().inNamespace(h.namespace()).list().getItems().stream()
                .filter(e -> cr.equals(e.getInvolvedObject().getName())).toList();
    }

    static Map<String, String> data(ConfigMap c) {
        return c == null ? Map.of() : c.getData();
    }
}
