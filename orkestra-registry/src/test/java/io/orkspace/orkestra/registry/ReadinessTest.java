package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind's judgement of a live object, as the API server returns it. */
class ReadinessTest {

    static Readiness readiness(String key, String yaml) {
        KindHandler handler = KindHandlers.builtIn().forKey(key).orElseThrow();
        return handler.readiness(Serialization.unmarshal("---\n" + yaml, GenericKubernetesResource.class)); // YAML, not JSON
    }

    @Test
    void aDeploymentIsReadyWhenEveryReplicaOfTheCurrentSpecIsUpdatedAndAvailable() {
        String head = "{apiVersion: apps/v1, kind: Deployment, metadata: {name: d, generation: 2}, spec: {replicas: 3}, ";
        assertThat(readiness("deployments", head + "status: {observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3}}"))
                .isEqualTo(Readiness.READY);
        assertThat(readiness("deployments", head + "status: {observedGeneration: 2, updatedReplicas: 3, availableReplicas: 1}}"))
                .isEqualTo(Readiness.waiting("3/3 replicas updated, 1/3 available"));
        assertThat(readiness("deployments", head + "status: {observedGeneration: 1, updatedReplicas: 3, availableReplicas: 3}}"))
                .isEqualTo(Readiness.waiting("the controller has not seen the latest spec yet"));
        assertThat(readiness("deployments", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: d, generation: 1}, spec: {}}"))
                .extracting(Readiness::state).isEqualTo(Readiness.State.WAITING);
        assertThat(readiness("deployments", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: d, generation: 1}, "
                + "spec: {replicas: 0}, status: {observedGeneration: 1}}")).isEqualTo(Readiness.READY);
    }

    @Test
    void aStatefulSetIsReadyWhenEveryReplicaIsReady() {
        String head = "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: s, generation: 1}, spec: {replicas: 2}, ";
        assertThat(readiness("statefulSets", head + "status: {observedGeneration: 1, readyReplicas: 2}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("statefulSets", head + "status: {observedGeneration: 1, readyReplicas: 1}}"))
                .isEqualTo(Readiness.waiting("1/2 replicas ready"));
    }

    @Test
    void aJobIsReadyOnceItSucceededAndFailedWhenItFailed() {
        String head = "{apiVersion: batch/v1, kind: Job, metadata: {name: j}, spec: {}, ";
        assertThat(readiness("jobs", head + "status: {succeeded: 1}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("jobs", head + "status: {conditions: [{type: Complete, status: \"True\"}]}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("jobs", head + "status: {active: 1}}")).isEqualTo(Readiness.waiting("not complete: 0/1 succeeded"));
        assertThat(readiness("jobs", head + "status: {failed: 4, conditions: [{type: Failed, status: \"True\", "
                + "reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}]}}"))
                .isEqualTo(Readiness.failed("Job has reached the specified backoff limit"));
        assertThat(KindHandlers.builtIn().forKey("jobs").orElseThrow().updatable()).isFalse();
        assertThat(KindHandlers.builtIn().forKey("deployments").orElseThrow().updatable()).isTrue();
    }

    @Test
    void aClaimIsReadyWhenBound() {
        String head = "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c}, spec: {}, ";
        assertThat(readiness("persistentVolumeClaims", head + "status: {phase: Bound}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("persistentVolumeClaims", head + "status: {phase: Pending}}")).isEqualTo(Readiness.waiting("not bound (phase Pending)"));
        assertThat(readiness("persistentVolumeClaims", head + "status: {phase: Lost}}")).extracting(Readiness::state).isEqualTo(Readiness.State.FAILED);
    }

    @Test
    void aPodIsReadyWhenItsReadyConditionIsTrueOrItSucceeded() {
        String head = "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {}, ";
        assertThat(readiness("pods", head + "status: {phase: Running, conditions: [{type: Ready, status: \"True\"}]}}"))
                .isEqualTo(Readiness.READY);
        assertThat(readiness("pods", head + "status: {phase: Succeeded}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("pods", head + "status: {phase: Pending}}")).isEqualTo(Readiness.waiting("not ready (phase Pending)"));
        assertThat(readiness("pods", head + "status: {phase: Failed, reason: Evicted}}")).isEqualTo(Readiness.failed("Evicted"));
    }

    @Test
    void aLoadBalancerServiceWaitsForItsAddressAndOtherServicesAreReadyAtOnce() {
        assertThat(readiness("services", "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {type: ClusterIP}}"))
                .isEqualTo(Readiness.READY);
        assertThat(readiness("services", "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {type: LoadBalancer}, "
                + "status: {loadBalancer: {}}}")).isEqualTo(Readiness.waiting("no load balancer address yet"));
        assertThat(readiness("services", "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {type: LoadBalancer}, "
                + "status: {loadBalancer: {ingress: [{ip: 10.0.0.1}]}}}")).isEqualTo(Readiness.READY);
    }

    @Test
    void aCustomResourceFollowsItsOwnReadyConditionWhenItHasOne() {
        String head = "{apiVersion: cert-manager.io/v1, kind: Certificate, metadata: {name: c}, spec: {}";
        assertThat(readiness("custom", head + "}")).isEqualTo(Readiness.READY);
        assertThat(readiness("custom", head + ", status: {conditions: [{type: Ready, status: \"True\"}]}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("custom", head + ", status: {conditions: [{type: Ready, status: \"False\", reason: Issuing, "
                + "message: Issuing certificate as Secret does not exist}]}}"))
                .isEqualTo(Readiness.waiting("Ready is False: Issuing certificate as Secret does not exist"));
    }

    @Test
    void kindsWithoutStatusAreReadyOnceTheyExistAndANamespaceWhileActive() {
        assertThat(readiness("configMaps", "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}")).isEqualTo(Readiness.READY);
        assertThat(readiness("hpa", "{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h}}"))
                .isEqualTo(Readiness.READY);
        assertThat(readiness("namespaces", "{apiVersion: v1, kind: Namespace, metadata: {name: n}, status: {phase: Active}}"))
                .isEqualTo(Readiness.READY);
        assertThat(readiness("namespaces", "{apiVersion: v1, kind: Namespace, metadata: {name: n}, status: {phase: Terminating}}"))
                .isEqualTo(Readiness.waiting("phase Terminating"));
    }
}
