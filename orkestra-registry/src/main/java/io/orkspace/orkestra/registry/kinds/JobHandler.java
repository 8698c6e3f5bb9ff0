package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.Set;

/**
 * {@code jobs}: one Job (default name {@code <cr-name>-job}) running one container named after it, with
 * {@code command} and {@code args}, {@code backoffLimit} 3 by default and restart policy OnFailure. The pods carry the
 * entry's labels and Orkestra's. A Job runs once: the engine creates it and never re-applies it.
 */
final class JobHandler extends AbstractKindHandler {

    /** The fields of a job's pod, shared with cronJobs. */
    static final Set<String> JOB_POD_FIELDS = Set.of("image", "imagePullSecrets", "command", "args", "nodeSelector",
            "serviceAccountName", "workingDirectory", "resources", "securityContext", "podSecurity");

    JobHandler() {
        super("jobs", "batch/v1", "Job", "jobs", true, "{{ .metadata.name }}-job",
                union(JOB_POD_FIELDS, Set.of("backoffLimit", "volumes", "volumeMounts")));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        int backoffLimit = f.integer("backoffLimit", 0, Integer.MAX_VALUE).orElse(3);
        return new JobBuilder().withMetadata(meta).withSpec(jobSpec(f, owner, meta.getName(), backoffLimit)).build();
    }

    /** The Job spec of a job or of a CronJob's job template: pods restarted on failure; a null backoffLimit is the server's. */
    static JobSpec jobSpec(EntryFields f, Owner owner, String name, Integer backoffLimit) throws InvalidEntryException {
        PodTemplates.checkWorkloadName(f, name);
        Container container = PodTemplates.container(f, name, f.requiredString("image"));
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(ChildMetadata.labels(f, owner)).endMetadata()
                .withSpec(PodTemplates.podSpec(f, container, "OnFailure"))
                .build();
        return new JobSpecBuilder()
                .withBackoffLimit(backoffLimit)
                .withTemplate(template)
                .build();
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Ready once it succeeded; failed when its Failed condition is true (out of retries, past its deadline). */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus s = LiveStatus.of(live);
        var failed = s.condition("Failed").filter(c -> "True".equals(c.get("status")));
        if (failed.isPresent()) {
            return Readiness.failed(LiveStatus.explain(failed.get()));
        }
        long completions = s.spec("completions", 1);
        if (s.conditionTrue("Complete") || s.status("succeeded") >= completions) {
            return Readiness.READY;
        }
        return Readiness.waiting("not complete: " + s.status("succeeded") + "/" + completions + " succeeded");
    }

    /** A Job runs once: its pod template cannot change, so a live Job is never updated (only recreated when missing). */
    @Override
    public boolean updatable() {
        return false;
    }
}
