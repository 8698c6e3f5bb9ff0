package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.Set;

/**
 * {@code pods}: one bare Pod (default name {@code <cr-name>-pod}) with one container named after it. Prefer
 * deployments: nothing restarts a bare pod on another node. Most of a pod's spec cannot change once created.
 */
final class PodHandler extends AbstractKindHandler {

    PodHandler() {
        super("pods", "v1", "Pod", "pods", true, "{{ .metadata.name }}-pod", Set.of("image", "imagePullSecrets", "port",
                "protocol", "resources", "nodeSelector", "serviceAccountName", "probes", "securityContext", "podSecurity",
                "volumes", "volumeMounts"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        PodTemplates.checkWorkloadName(f, meta.getName());
        Container container = PodTemplates.container(f, meta.getName(), f.requiredString("image"));
        return new PodBuilder().withMetadata(meta).withSpec(PodTemplates.podSpec(f, container, null)).build();
    }

    /** Ready when its Ready condition is true, or when it ran to completion; failed when it failed. */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus s = LiveStatus.of(live);
        String phase = s.statusText("phase");
        if (s.conditionTrue("Ready") || "Succeeded".equals(phase)) {
            return Readiness.READY;
        }
        if ("Failed".equals(phase)) {
            String reason = s.statusText("reason");
            return Readiness.failed(reason.isEmpty() ? "phase Failed" : reason);
        }
        return Readiness.waiting("not ready (phase " + (phase.isEmpty() ? "unknown" : phase) + ")");
    }
}
