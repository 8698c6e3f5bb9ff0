package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code deployments}: one Deployment with one container, both named after the entry (default
 * {@code <cr-name>-deployment}); {@code replicas} default 1; pods labelled with the entry's labels, Orkestra's labels
 * and {@code orkestra-workload: <name>}, which the selector matches together with {@code orkestra-owner}.
 */
final class DeploymentHandler extends AbstractKindHandler {

    private static final Set<String> ROLLING_UPDATE = Set.of("profile", "maxSurge", "maxUnavailable");

    DeploymentHandler() {
        super("deployments", "apps/v1", "Deployment", "deployments", true, "{{ .metadata.name }}-deployment", ownFields());
    }

    private static Set<String> ownFields() {
        Set<String> f = new HashSet<>(PodTemplates.CONTAINER_FIELDS);
        f.addAll(PodTemplates.POD_FIELDS);
        f.add("replicas");
        f.add("rollingUpdate");
        return f;
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        String name = meta.getName();
        PodTemplates.checkWorkloadName(f, name);
        Container container = PodTemplates.container(f, name, f.requiredString("image"));
        return new DeploymentBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withReplicas(f.integer("replicas", 0, Integer.MAX_VALUE).orElse(1))
                .withNewSelector().withMatchLabels(PodTemplates.selector(owner, name)).endSelector()
                .withStrategy(strategy(f).orElse(null))
                .withTemplate(PodTemplates.template(f, owner, name, PodTemplates.podSpec(f, container, null)))
                .endSpec()
                .build();
    }

    /** {@code rollingUpdate}: a profile ({@code safe}, {@code fast}, {@code blue-green}) or maxSurge/maxUnavailable. */
    static Optional<DeploymentStrategy> strategy(EntryFields f) throws InvalidEntryException {
        Optional<EntryFields> o = f.object("rollingUpdate");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        EntryFields r = o.get();
        r.allowOnly(ROLLING_UPDATE);
        IntOrString maxSurge;
        IntOrString maxUnavailable;
        if (r.has("profile")) {
            if (r.declared("maxSurge") || r.declared("maxUnavailable")) {
                throw new InvalidEntryException(r.path("profile") + ": set a profile or maxSurge/maxUnavailable, not both");
            }
            IntOrString[] p = Profiles.rollingUpdate(r.path("profile"), r.requiredString("profile"));
            maxSurge = p[0];
            maxUnavailable = p[1];
        } else {
            maxSurge = r.countOrPercent("maxSurge").orElse(null);
            maxUnavailable = r.countOrPercent("maxUnavailable").orElse(null);
        }
        if (maxSurge == null && maxUnavailable == null) {
            return Optional.empty();
        }
        return Optional.of(new DeploymentStrategyBuilder().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(maxSurge).withMaxUnavailable(maxUnavailable).endRollingUpdate()
                .build());
    }

    /** Ready when the rollout of the current spec is done: every replica updated and available. */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus s = LiveStatus.of(live);
        long want = s.spec("replicas", 1);
        if (!s.observedCurrentGeneration()) {
            return Readiness.waiting("the controller has not seen the latest spec yet");
        }
        long updated = s.status("updatedReplicas");
        long available = s.status("availableReplicas");
        if (updated >= want && available >= want) {
            return Readiness.READY;
        }
        return Readiness.waiting(updated + "/" + want + " replicas updated, " + available + "/" + want + " available");
    }
}
