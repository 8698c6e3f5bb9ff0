package io.orkspace.orkestra.examples.josdk;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JOSDK and Orkestra in one process on one client, against the embedded API server. */
class InteropOperatorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private EmbeddedCluster cluster;
    private KubernetesClient client;
    private InteropOperator operator;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedCluster.start();
        cluster.controllers().workloadsReady(true); // a Website is Ready once its Deployment has rolled out
        client = cluster.client();
        for (String crd : new String[] {"shop-crd.yaml", "website-crd.yaml"}) {
            try (InputStream in = Files.newInputStream(Path.of(crd))) {
                client.load(in).serverSideApply();
            }
        }
        operator = InteropOperator.start(client, Path.of("katalog.yaml"));
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void aShopReconciledByJosdkBecomesAWebsiteThatOrkestraTurnsIntoADeploymentAndAService() throws Exception {
        createShop();

        // JOSDK: the Website, owned by the Shop, written with JOSDK's reconciler's field manager
        await().atMost(WAIT).until(() -> website().get() != null);
        GenericKubernetesResource website = website().get();
        assertThat(website.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> assertThat(ref.getKind()).isEqualTo("Shop"));
        assertThat(website.getMetadata().getManagedFields()).anySatisfy(f -> assertThat(f.getManager()).isEqualTo("shop"));

        // Orkestra: the Website's children, then its Ready condition
        await().atMost(WAIT).until(() -> deployment() != null && service() != null);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        assertThat(deployment().getMetadata().getLabels()).containsEntry("managed-by", "orkestra");
        assertThat(service().getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);

        // JOSDK again: it saw Orkestra's status write on the Website through its informer and reports it on the Shop
        await().atMost(WAIT).until(() -> shop().get().getStatus() != null && shop().get().getStatus().isWebsiteReady());
        assertThat(shop().get().getStatus().getWebsite()).isEqualTo("boutique");
        assertThat(ShopReconciler.isReady(website().get())).isTrue();
    }

    @Test
    void aChangeToTheShopFlowsThroughBothOperatorsToTheDeployment() throws Exception {
        createShop();
        await().atMost(WAIT).until(() -> deployment() != null);

        // a merge patch without resourceVersion: JOSDK writes the Shop's status meanwhile
        shop().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");

        await().atMost(WAIT).until(() -> deployment().getSpec().getReplicas() == 5);
        await().atMost(WAIT).until(() -> shop().get().getStatus() != null
                && shop().get().getStatus().getObservedGeneration() == 2L && shop().get().getStatus().isWebsiteReady());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void createShop() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("shop.yaml"))) {
            client.resources(Shop.class).load(in).create();
        }
    }

    private Resource<Shop> shop() {
        return client.resources(Shop.class).inNamespace("default").withName("boutique");
    }

    private Resource<GenericKubernetesResource> website() {
        return client.genericKubernetesResources("demo.orkestra.io/v1alpha1", "Website").inNamespace("default").withName("boutique");
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("default").withName("boutique").get();
    }

    private Service service() {
        return client.services().inNamespace("default").withName("boutique-svc").get();
    }
}
