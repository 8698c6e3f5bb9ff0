package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.List;
import java.util.Set;

/**
 * {@code cronJobs}: one CronJob (default name {@code <cr-name>-cronjob}) firing on {@code schedule} (required), with
 * {@code suspend} false, {@code concurrencyPolicy} Allow (allow, forbid, replace), history limits 3 successful and 1
 * failed, and an optional {@code startingDeadlineSeconds}. Its jobs run the pod a {@code jobs} entry would.
 */
final class CronJobHandler extends AbstractKindHandler {

    private static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");

    CronJobHandler() {
        super("cronJobs", "batch/v1", "CronJob", "cronjobs", true, "{{ .metadata.name }}-cronjob",
                JobHandler.union(JobHandler.JOB_POD_FIELDS, Set.of("schedule", "suspend", "successfulJobsHistoryLimit",
                        "failedJobsHistoryLimit", "concurrencyPolicy", "startingDeadlineSeconds")));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        // the reference sets no backoffLimit on a CronJob's jobs: the server's default applies
        JobSpec job = JobHandler.jobSpec(f, owner, meta.getName(), null);
        return new CronJobBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withSchedule(f.requiredString("schedule").trim())
                .withSuspend(f.bool("suspend", false))
                .withConcurrencyPolicy(f.choice("concurrencyPolicy", CONCURRENCY).orElse("Allow"))
                .withSuccessfulJobsHistoryLimit(f.integer("successfulJobsHistoryLimit", 0, Integer.MAX_VALUE).orElse(3))
                .withFailedJobsHistoryLimit(f.integer("failedJobsHistoryLimit", 0, Integer.MAX_VALUE).orElse(1))
                .withStartingDeadlineSeconds(f.integer("startingDeadlineSeconds", 1, Integer.MAX_VALUE).map(Integer::longValue).orElse(null))
                .withNewJobTemplate()
                .withNewMetadata().withLabels(ChildMetadata.labels(f, owner)).endMetadata()
                .withSpec(job)
                .endJobTemplate()
                .endSpec()
                .build();
    }
}
