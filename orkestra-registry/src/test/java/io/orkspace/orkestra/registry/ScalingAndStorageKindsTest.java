package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HorizontalPodAutoscalers, PodDisruptionBudgets and PersistentVolumeClaims. */
class ScalingAndStorageKindsTest {

    private static Map<String, Object> entry(Object... kv) {
        Map<String, Object> f = fields("name", "x", "namespace", "default");
        f.putAll(fields(kv));
        return f;
    }

    @Test
    void scalesADeploymentFromOneReplicaOnCpu() throws Exception {
        HorizontalPodAutoscaler hpa = build("hpa", entry("deploymentRef", "blog", "maxReplicas", "10", "targetCPUUtilizationPercentage", 75));

        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(75);
    }

    @Test
    void rejectsAnHpaWithoutMaximumOrBelowItsMinimum() {
        assertThatThrownBy(() -> build("hpa", entry("deploymentRef", "blog")))
                .hasMessage("maxReplicas: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("hpa", entry("deploymentRef", "blog", "minReplicas", 5, "maxReplicas", 2)))
                .hasMessage("maxReplicas: 2 is below minReplicas 5");
        assertThatThrownBy(() -> build("hpa", entry("deploymentRef", "blog", "maxReplicas", 2, "targetCPUUtilizationPercentage", 150)))
                .hasMessage("targetCPUUtilizationPercentage: expected an integer from 1 to 100, got 150");
        assertThatThrownBy(() -> build("hpa", entry("maxReplicas", 2)))
                .hasMessage("scaleTargetRef: required, but not set (or rendered empty)");
    }

    @Test
    void protectsTheCrsPodsWithABudget() throws Exception {
        PodDisruptionBudget pdb = build("pdb", entry("maxUnavailable", "25%"));

        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString("25%"));
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("orkestra-owner", "blog"));
    }

    @Test
    void rejectsABudgetWithBothOrNeitherLimit() {
        assertThatThrownBy(() -> build("pdb", entry("minAvailable", 1, "maxUnavailable", 1)))
                .hasMessage("minAvailable and maxUnavailable: set only one of them");
        assertThatThrownBy(() -> build("pdb", entry())).hasMessage("minAvailable: set minAvailable, maxUnavailable or behavior.profile");
        assertThatThrownBy(() -> build("pdb", entry("minAvailable", "half")))
                .hasMessage("minAvailable: expected an integer or a percentage, got \"half\"");
    }

    @Test
    void claimsStorageReadWriteOnceByDefault() throws Exception {
        PersistentVolumeClaim pvc = build("persistentVolumeClaims", entry("storage", "5Gi"));

        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(pvc.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("5Gi"));
        assertThat(Entries.handler("persistentVolumeClaims").defaultName()).as("a claim must be named").isNull();
    }

    @Test
    void rejectsAClaimWithoutStorageOrWithAnUnknownAccessMode() {
        assertThatThrownBy(() -> build("persistentVolumeClaims", entry())).hasMessage("storage: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("persistentVolumeClaims", entry("storage", "big")))
                .hasMessage("storage: expected a quantity (100m, 128Mi, 2), got \"big\"");
        assertThatThrownBy(() -> build("persistentVolumeClaims", entry("storage", "1Gi", "accessModes", java.util.List.of("RWO"))))
                .hasMessage("accessModes[0]: expected one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got \"RWO\"");
    }
}
