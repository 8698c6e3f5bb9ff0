package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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

/** deployments, statefulSets, jobs, cronJobs and pods: create, correct drift, collect. */
@OrkestraTest
class WorkloadKindsTest {

    static final String SPEC = "{image: \"nginx:1.27\", replicas: 2, schedule: \"*/5 * * * *\"}";

    @Test
    void workloadChildrenAreCreatedCorrectedAndCollectedWithTheirCr(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("workloads.yaml"));
        h.apply(bundle("shop", SPEC));
        // the stand-ins roll out the Deployment and StatefulSet and complete the Job; nothing runs the Pod yet
        Map<String, Object> waiting = Bundles.awaitReadyCondition(h, "shop", "False", "Progressing");
        assertThat((String) waiting.get("message")).startsWith("waiting for Pod shop-pod since ").endsWith(": not ready (phase Pending)");
        assertThat(Bundles.phase(h.get(API, KIND, "shop"))).isEqualTo("Pending");
        Bundles.markPodReady(h, "shop-pod");
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        assertThat(Bundles.phase(cr)).isEqualTo("Active");
        assertThat(OrkestraHarness.condition(cr, "Ready").orElseThrow()).containsEntry("reason", "ChildrenReady")
                .containsEntry("message", "all 5 child object(s) are ready");
        KubernetesClient k = h.client();
        String ns = h.namespace();
        var deployment = k.apps().deployments().inNamespace(ns).withName("shop-deployment");
        var statefulSet = k.apps().statefulSets().inNamespace(ns).withName("shop");
        var job = k.batch().v1().jobs().inNamespace(ns).withName("shop-job");
        var cronJob = k.batch().v1().cronjobs().inNamespace(ns).withName("shop-cronjob");
        var pod = k.pods().inNamespace(ns).withName("shop-pod");

        // created as declared
        assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.get().getSpec().getTemplate().getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx:1.27"));
        assertThat(statefulSet.get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(statefulSet.get().getSpec().getServiceName()).isEqualTo("shop");
        assertThat(job.get().getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("sh", "-c", "echo shop");
        assertThat(job.get().getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(cronJob.get().getSpec().getSchedule()).isEqualTo("*/5 * * * *");
        assertThat(pod.get().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        for (var child : List.of(deployment.get(), statefulSet.get(), job.get(), cronJob.get(), pod.get())) {
            assertOwnedBy(child, cr);
        }

        // hand edits are corrected
        deployment.edit(d -> {
            d.getSpec().setReplicas(7);
            return d;
        });
        statefulSet.edit(s -> {
            s.getSpec().setReplicas(0);
            return s;
        });
        cronJob.edit(c -> {
            c.getSpec().setSchedule("0 0 * * *");
            return c;
        });
        pod.edit(p -> {
            p.getSpec().getContainers().get(0).setImage("nginx:edited");
            return p;
        });
        eventually().untilAsserted(() -> {
            assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(2);
            assertThat(statefulSet.get().getSpec().getReplicas()).isEqualTo(2);
            assertThat(cronJob.get().getSpec().getSchedule()).isEqualTo("*/5 * * * *");
            assertThat(pod.get().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        });

        // a Job runs once: it is recreated when deleted, but never updated (its pod template is immutable)
        String jobUid = job.get().getMetadata().getUid();
        job.delete();
        eventually().until(() -> job.get() != null && !job.get().getMetadata().getUid().equals(jobUid));
        h.awaitReady(API, KIND, "shop"); // the new Job completed

        // deleting the CR lets the garbage collector take every child
        Bundles.deleteBundle(h, "shop");
        eventually().untilAsserted(() -> {
            assertThat(deployment.get()).isNull();
            assertThat(statefulSet.get()).isNull();
            assertThat(job.get()).isNull();
            assertThat(cronJob.get()).isNull();
            assertThat(pod.get()).isNull();
        });
    }
}
