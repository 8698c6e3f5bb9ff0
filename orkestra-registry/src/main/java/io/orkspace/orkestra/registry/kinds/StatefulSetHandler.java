package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code statefulSets}: one StatefulSet (default name {@code <cr-name>}) governed by the Service {@code serviceName}
 * (default: its own name), {@code replicas} default 1, one container named after it running {@code image} (with
 * {@code :tag} appended when a tag is given). Each {@code volumeClaimTemplates} item ({@code name} default
 * {@code data}, {@code storageSize} required, {@code storageClass}, {@code accessModes} [ReadWriteOnce],
 * {@code mountPath} default {@code /data}) becomes a claim template and a mount. Pods are selected like a
 * Deployment's: {@code orkestra-owner} and {@code orkestra-workload}.
 */
final class StatefulSetHandler extends AbstractKindHandler {

    private static final Set<String> CLAIM = Set.of("name", "storageClass", "storageSize", "mountPath", "accessModes");
    private static final Set<String> ROLLING_UPDATE = Set.of("profile", "maxSurge", "maxUnavailable");

    StatefulSetHandler() {
        super("statefulSets", "apps/v1", "StatefulSet", "statefulsets", true, "{{ .metadata.name }}", ownFields());
    }

    private static Set<String> ownFields() {
        Set<String> f = new HashSet<>(PodTemplates.CONTAINER_FIELDS);
        f.addAll(PodTemplates.POD_FIELDS);
        f.addAll(Set.of("replicas", "tag", "serviceName", "volumeClaimTemplates", "rollingUpdate"));
        return f;
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        String name = meta.getName();
        PodTemplates.checkWorkloadName(f, name);
        String image = f.requiredString("image");
        Optional<String> tag = f.string("tag");
        if (tag.isPresent()) {
            image = image + ":" + tag.get().trim();
        }
        Container container = PodTemplates.container(f, name, image);
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        List<VolumeMount> claimMounts = new ArrayList<>();
        for (EntryFields c : f.objects("volumeClaimTemplates")) {
            c.allowOnly(CLAIM);
            String claimName = c.string("name", "data");
            claims.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claimName).endMetadata()
                    .withNewSpec()
                    .withAccessModes(PersistentVolumeClaimHandler.accessModes(c, "accessModes"))
                    .withStorageClassName(c.string("storageClass").orElse(null))
                    .withNewResources().withRequests(Map.of("storage", PersistentVolumeClaimHandler.storage(c, "storageSize"))).endResources()
                    .endSpec()
                    .build());
            claimMounts.add(new VolumeMountBuilder().withName(claimName).withMountPath(c.string("mountPath", "/data")).build());
        }
        if (!claimMounts.isEmpty()) {
            // the claim templates' mounts first, then the entry's own, as the reference orders them
            List<VolumeMount> mounts = new ArrayList<>(claimMounts);
            if (container.getVolumeMounts() != null) {
                mounts.addAll(container.getVolumeMounts());
            }
            container = container.toBuilder().withVolumeMounts(mounts).build();
        }
        return new StatefulSetBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withReplicas(f.integer("replicas", 0, Integer.MAX_VALUE).orElse(1))
                .withServiceName(f.string("serviceName", name))
                .withNewSelector().withMatchLabels(PodTemplates.selector(owner, name)).endSelector()
                .withTemplate(PodTemplates.template(f, owner, name, PodTemplates.podSpec(f, container, null)))
                .withVolumeClaimTemplates(ChildMetadata.orNull(claims))
                .withUpdateStrategy(updateStrategy(f).orElse(null))
                .endSpec()
                .build();
    }

    /**
     * {@code rollingUpdate}: a StatefulSet rolls one pod at a time unless {@code maxUnavailable} (or a profile's) says
     * more; it has no surge, so {@code maxSurge} is refused and a profile's surge ignored.
     */
    private static Optional<StatefulSetUpdateStrategy> updateStrategy(EntryFields f) throws InvalidEntryException {
        Optional<EntryFields> o = f.object("rollingUpdate");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        EntryFields r = o.get();
        r.allowOnly(ROLLING_UPDATE);
        if (r.declared("maxSurge")) {
            throw new InvalidEntryException(r.path("maxSurge") + ": a StatefulSet has no surge (set maxUnavailable)");
        }
        IntOrString maxUnavailable;
        if (r.has("profile")) {
            if (r.declared("maxUnavailable")) {
                throw new InvalidEntryException(r.path("profile") + ": set a profile or maxUnavailable, not both");
            }
            maxUnavailable = Profiles.rollingUpdate(r.path("profile"), r.requiredString("profile"))[1];
        } else {
            maxUnavailable = r.countOrPercent("maxUnavailable").orElse(null);
        }
        StatefulSetUpdateStrategyBuilder s = new StatefulSetUpdateStrategyBuilder().withType("RollingUpdate");
        // 0 is not a valid maxUnavailable for a StatefulSet: it already replaces one pod at a time
        if (maxUnavailable != null && !new IntOrString(0).equals(maxUnavailable)) {
            s.withNewRollingUpdate().withMaxUnavailable(maxUnavailable).endRollingUpdate();
        }
        return Optional.of(s.build());
    }

    /** Ready when every replica of the current spec is ready. */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus s = LiveStatus.of(live);
        long want = s.spec("replicas", 1);
        if (!s.observedCurrentGeneration()) {
            return Readiness.waiting("the controller has not seen the latest spec yet");
        }
        long ready = s.status("readyReplicas");
        return ready >= want ? Readiness.READY : Readiness.waiting(ready + "/" + want + " replicas ready");
    }
}
