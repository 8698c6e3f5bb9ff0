package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.assertOwnedBy;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** services, ingresses, persistentVolumeClaims, pdbs and hpas: create, correct drift, collect. */
@OrkestraTest
class NetworkingAndScalingKindsTest {

    static final String SPEC = "{port: 80, host: shop.example.com, storage: 1Gi, tier: gold, minAvailable: 1, maxReplicas: 5}";

    @Test
    void networkingScalingAndStorageChildrenAreCreatedCorrectedAndCollectedWithTheirCr(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("networking-and-scaling.yaml"));
        h.apply(bundle("shop", SPEC));
        Map<String, Object> waiting = Bundles.awaitReadyCondition(h, "shop", "False", "Progressing");
        assertThat((String) waiting.get("message")).startsWith("waiting for PersistentVolumeClaim shop-data since ")
                .endsWith(": not bound (phase Pending)");
        Bundles.markClaimBound(h, "shop-data");
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        KubernetesClient k = h.client();
        String ns = h.namespace();
        var service = k.services().inNamespace(ns).withName("shop-svc");
        var ingress = k.network().v1().ingresses().inNamespace(ns).withName("shop-ingress");
        var pvc = k.persistentVolumeClaims().inNamespace(ns).withName("shop-data");
        var pdb = k.policy().v1().podDisruptionBudget().inNamespace(ns).withName("shop-pdb");
        var hpa = k.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("shop-hpa");

        // created as declared
        assertThat(service.get().getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort()).isEqualTo(new IntOrString(80));
        });
        assertThat(service.get().getSpec().getSelector()).containsEntry("orkestra-owner", "shop");
        assertThat(ingress.get().getSpec().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getHost()).isEqualTo("shop.example.com");
            assertThat(r.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("shop-svc");
        });
        assertThat(pvc.get().getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
        assertThat(pvc.get().getMetadata().getLabels()).containsEntry("tier", "gold");
        assertThat(pdb.get().getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(hpa.get().getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.get().getSpec().getScaleTargetRef().getName()).isEqualTo("shop");
        for (var child : List.of(service.get(), ingress.get(), pvc.get(), pdb.get(), hpa.get())) {
            assertOwnedBy(child, cr);
        }

        // hand edits are corrected
        service.edit(s -> {
            s.getSpec().getSelector().put("orkestra-owner", "someone-else");
            return s;
        });
        ingress.edit(i -> {
            i.getSpec().getRules().get(0).setHost("phishing.example.com");
            return i;
        });
        pvc.edit(p -> { // a claim's spec can barely change once bound: its metadata can
            p.getMetadata().getLabels().put("tier", "bronze");
            return p;
        });
        pdb.edit(p -> {
            p.getSpec().setMinAvailable(new IntOrString(3));
            return p;
        });
        hpa.edit(a -> {
            a.getSpec().setMaxReplicas(50);
            return a;
        });
        eventually().untilAsserted(() -> {
            assertThat(service.get().getSpec().getSelector()).containsEntry("orkestra-owner", "shop");
            assertThat(ingress.get().getSpec().getRules()).extracting(r -> r.getHost()).contains("shop.example.com");
            assertThat(pvc.get().getMetadata().getLabels()).containsEntry("tier", "gold");
            assertThat(pdb.get().getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
            assertThat(hpa.get().getSpec().getMaxReplicas()).isEqualTo(5);
        });

        // deleting the CR lets the garbage collector take every child
        Bundles.deleteBundle(h, "shop");
        eventually().untilAsserted(() -> {
            assertThat(service.get()).isNull();
            assertThat(ingress.get()).isNull();
            assertThat(pvc.get()).isNull();
            assertThat(pdb.get()).isNull();
            assertThat(hpa.get()).isNull();
        });
    }
}
