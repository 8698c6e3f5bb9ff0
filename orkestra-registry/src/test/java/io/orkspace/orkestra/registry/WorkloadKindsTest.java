package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs, CronJobs, StatefulSets and Pods: the kinds that run a pod besides Deployments. */
class WorkloadKindsTest {

    private static Map<String, Object> entry(Object... kv) {
        Map<String, Object> f = fields("name", "w", "namespace", "default", "image", "busybox:1.36");
        f.putAll(fields(kv));
        return f;
    }

    @Test
    void runsAJobOnceWithThreeRetriesRestartingOnFailure() throws Exception {
        Job job = build("jobs", entry("command", List.of("sh", "-c", "echo hi")));

        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).containsExactly("sh", "-c", "echo hi");
        assertThat(job.getSpec().getSelector()).as("the server generates a Job's selector").isNull();
    }

    @Test
    void rejectsAJobBackoffLimitThatIsNotACount() {
        assertThatThrownBy(() -> build("jobs", entry("backoffLimit", "often")))
                .hasMessage("backoffLimit: expected an integer, got \"often\"");
        assertThatThrownBy(() -> build("jobs", entry("command", List.of("sh", Map.of("x", 1)))))
                .hasMessage("command[1]: expected a string, got a map");
    }

    @Test
    void rejectsFieldsTheReferenceDoesNotGiveAJob() {
        assertThatThrownBy(() -> build("jobs", entry("port", 80))).hasMessageStartingWith("port: unknown field");
    }

    @Test
    void schedulesACronJobWithTheReferenceDefaults() throws Exception {
        CronJob cj = build("cronJobs", entry("schedule", "0 * * * *"));

        assertThat(cj.getSpec().getSchedule()).isEqualTo("0 * * * *");
        assertThat(cj.getSpec().getSuspend()).isFalse();
        assertThat(cj.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(cj.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(cj.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
        assertThat(cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
    }

    @Test
    void rejectsACronJobWithoutScheduleOrWithAnUnknownPolicy() {
        assertThatThrownBy(() -> build("cronJobs", entry())).hasMessage("schedule: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("cronJobs", entry("schedule", "@daily", "concurrencyPolicy", "queue")))
                .hasMessage("concurrencyPolicy: expected one of Allow, Forbid, Replace, got \"queue\"");
        assertThatThrownBy(() -> build("cronJobs", entry("schedule", "@daily", "suspend", "maybe")))
                .hasMessage("suspend: expected a boolean, got \"maybe\"");
    }

    @Test
    void mountsEachClaimTemplateOfAStatefulSet() throws Exception {
        StatefulSet sts = build("statefulSets", entry("volumeClaimTemplates", List.of(
                Map.of("storageSize", "1Gi"),
                Map.of("name", "logs", "storageSize", "2Gi", "mountPath", "/logs", "accessModes", List.of("ReadWriteMany")))));

        assertThat(sts.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).containsExactly("data", "logs");
        assertThat(sts.getSpec().getVolumeClaimTemplates().get(1).getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(m -> m.getName() + ":" + m.getMountPath()).containsExactly("data:/data", "logs:/logs");
        assertThat(sts.getSpec().getServiceName()).isEqualTo("w");
    }

    @Test
    void rejectsAClaimTemplateWithoutSizeAndASurgeOnAStatefulSet() {
        assertThatThrownBy(() -> build("statefulSets", entry("volumeClaimTemplates", List.of(Map.of("name", "data")))))
                .hasMessage("volumeClaimTemplates[0].storageSize: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("statefulSets", entry("rollingUpdate", Map.of("maxSurge", 1))))
                .hasMessage("rollingUpdate.maxSurge: a StatefulSet has no surge (set maxUnavailable)");
    }

    @Test
    void appendsTheTagToTheStatefulSetImage() throws Exception {
        StatefulSet sts = build("statefulSets", entry("image", "postgres", "tag", 16));

        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:16");
    }

    @Test
    void runsABarePodWithItsContainerNamedAfterIt() throws Exception {
        Pod pod = build("pods", entry("port", "8080"));

        assertThat(pod.getSpec().getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("w");
            assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        });
    }
}
