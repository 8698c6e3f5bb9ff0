package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * custom: objects of other CRDs as children. A namespaced Database owned by the Bundle and a cluster-scoped
 * DatabasePool (scope from discovery) are created as declared, corrected, followed for readiness and removed with the
 * CR; a child whose CRD is not installed is reported on the CR and created once the CRD appears.
 */
@OrkestraTest
class CustomKindTest {

    private static final String DATA = "data.kinds.orkestra.io/v1";

    @Test
    void customChildrenAreCreatedCorrectedFollowedForReadinessAndDeletedWithTheirCr(OrkestraHarness h) throws Exception {
        installCrd(h, "database-crd.yaml");
        installCrd(h, "database-pool-crd.yaml");
        h.start(Bundles.KATALOGS.resolve("custom.yaml"));
        h.apply(bundle("shop", "{engine: postgres, size: 10Gi, replicas: 2}"));
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        KubernetesClient k = h.client();
        Resource<GenericKubernetesResource> database = k.genericKubernetesResources(DATA, "Database").inNamespace(h.namespace()).withName("shop-db");
        String poolName = h.namespace() + "-shop-pool";
        Resource<GenericKubernetesResource> pool = k.genericKubernetesResources(DATA, "DatabasePool").withName(poolName);

        // created as declared: the spec as rendered (the integer stays an integer), labels, owned by the CR
        GenericKubernetesResource db = database.get();
        Bundles.assertOwnedBy(db, cr);
        assertThat(db.getMetadata().getLabels()).containsEntry("app", "shop");
        assertThat(db.getAdditionalProperties().get("spec")).isEqualTo(Map.of("engine", "postgres", "storage", Map.of("size", "10Gi"),
                "replicas", 2, "users", List.of(Map.of("name", "shop", "roles", List.of("owner")))));

        // the cluster-scoped child: no namespace, no owner reference, annotated with its owner; the CR holds the finalizer
        GenericKubernetesResource p = pool.get();
        assertThat(p.getMetadata().getNamespace()).isNull();
        assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(p.getMetadata().getAnnotations()).containsEntry("orkestra.orkspace.io/owner",
                "apiVersion=" + API + ",kind=Bundle,namespace=" + h.namespace() + ",name=shop,uid=" + cr.getMetadata().getUid());
        assertThat(p.getAdditionalProperties().get("spec")).isEqualTo(Map.of("size", 2));
        assertThat(cr.getMetadata().getFinalizers()).contains("orkestra.orkspace.io/finalizer");

        // readiness: the Database's own Ready condition; the CR is Pending while it is False, Active once True
        setReady(database, "False", "Provisioning", "creating the primary");
        Map<String, Object> waiting = Bundles.awaitReadyCondition(h, "shop", "False", "Progressing");
        assertThat(String.valueOf(waiting.get("message"))).startsWith("waiting for Database shop-db since ")
                .endsWith(": Ready is False: creating the primary");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Pending");
        setReady(database, "True", "Available", "accepting connections");
        Bundles.awaitReadyCondition(h, "shop", "True", "ChildrenReady");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Active");

        // drift: hand edits of either child are corrected (the edit's event reaches the CR through the child informers)
        database.edit(d -> {
            spec(d).put("storage", Map.of("size", "1Gi"));
            spec(d).put("replicas", 5);
            return d;
        });
        pool.edit(d -> {
            spec(d).put("size", 9);
            return d;
        });
        eventually().untilAsserted(() -> {
            assertThat(spec(database.get())).containsEntry("storage", Map.of("size", "10Gi")).containsEntry("replicas", 2);
            assertThat(spec(pool.get())).containsEntry("size", 2);
        });

        // a deleted one comes back (reconcile: true)
        String uid = database.get().getMetadata().getUid();
        database.delete();
        eventually().until(() -> database.get() != null && !uid.equals(database.get().getMetadata().getUid()));

        // deleting the CR: the garbage collector removes the Database, the finalizer the DatabasePool
        Bundles.deleteBundle(h, "shop");
        eventually().untilAsserted(() -> {
            assertThat(database.get()).isNull();
            assertThat(pool.get()).isNull();
        });
    }

    @Test
    void aCustomChildWhoseCrdIsNotInstalledIsReportedAndCreatedOnceTheCrdAppears(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("custom-missing.yaml"));
        h.apply(bundle("cached", "{size: 64Mi}"));

        // a located condition naming the entry and the kind, and a Warning Event; the other child is applied meanwhile
        Map<String, Object> ready = Bundles.awaitReadyCondition(h, "cached", "False", "KindNotInstalled");
        assertThat(String.valueOf(ready.get("message"))).matches(
                "spec\\.crds\\.bundle\\.operatorBox\\.onCreate\\.custom\\[0] \\(.*custom-missing\\.yaml:\\d+:\\d+\\): the API server does not serve "
                        + "data\\.kinds\\.orkestra\\.io/v1 Cache \\(is its CRD installed\\? the entry is applied as soon as it is served\\)");
        GenericKubernetesResource cr = h.get(API, KIND, "cached");
        assertThat(Bundles.phase(cr)).isEqualTo("Degraded");
        assertThat(OrkestraHarness.condition(cr, "Reconciled").orElseThrow()).containsEntry("status", "False")
                .containsEntry("reason", "KindNotInstalled");
        eventually().until(() -> Bundles.messages(h, "cached").stream().anyMatch(m -> m.contains("does not serve data.kinds.orkestra.io/v1 Cache")));
        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("cached-config").get().getData()).containsEntry("size", "64Mi");

        // the CRD appears: the engine notices, watches the kind and creates the child (an onCreate entry: the first
        // reconcile was not complete without it), and the CR turns Ready
        installCrd(h, "cache-crd.yaml");
        GenericKubernetesResource crAgain = h.awaitReady(API, KIND, "cached");
        GenericKubernetesResource cache = h.client().genericKubernetesResources(DATA, "Cache").inNamespace(h.namespace())
                .withName("cached-cache").get();
        Bundles.assertOwnedBy(cache, crAgain);
        assertThat(spec(cache)).containsEntry("size", "64Mi");
    }

    private static void installCrd(OrkestraHarness h, String file) {
        try (InputStream in = Files.newInputStream(Bundles.KATALOGS.resolve(file))) {
            CustomResourceDefinition crd = h.client().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            h.client().resource(crd).fieldManager("test").forceConflicts().serverSideApply();
            h.client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(k -> "Established".equals(k.getType())
                            && "True".equals(k.getStatus())), 30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the Database's own controller would do: report its Ready condition. */
    private static void setReady(Resource<GenericKubernetesResource> database, String status, String reason, String message) {
        database.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": {\"conditions\": [{\"type\": \"Ready\", "
                + "\"status\": \"" + status + "\", \"reason\": \"" + reason + "\", \"message\": \"" + message + "\"}]}}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource o) {
        return (Map<String, Object>) o.getAdditionalProperties().get("spec");
    }
}
