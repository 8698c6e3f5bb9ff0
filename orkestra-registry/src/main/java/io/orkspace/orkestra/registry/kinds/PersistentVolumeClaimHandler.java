package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code persistentVolumeClaims} ({@code pvcs}): one PersistentVolumeClaim, which the entry must name, requesting
 * {@code storage} (required) with {@code accessModes} [ReadWriteOnce] and {@code volumeMode} Filesystem by default,
 * from {@code storageClassName} (the cluster's default class when unset) or a given {@code volumeName}.
 */
final class PersistentVolumeClaimHandler extends AbstractKindHandler {

    static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
    private static final List<String> VOLUME_MODES = List.of("Filesystem", "Block");

    PersistentVolumeClaimHandler() {
        super("persistentVolumeClaims", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, null,
                Set.of("storageClassName", "accessModes", "storage", "volumeMode", "volumeName"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        PersistentVolumeClaimSpec spec = new PersistentVolumeClaimSpecBuilder()
                .withAccessModes(accessModes(f, "accessModes"))
                .withStorageClassName(f.string("storageClassName").orElse(null))
                .withVolumeMode(f.choice("volumeMode", VOLUME_MODES).orElse("Filesystem"))
                .withVolumeName(f.string("volumeName").orElse(null))
                .withNewResources().withRequests(Map.of("storage", storage(f, "storage"))).endResources()
                .build();
        return new PersistentVolumeClaimBuilder().withMetadata(meta).withSpec(spec).build();
    }

    /** Access modes, matched without regard to case; [ReadWriteOnce] when none are given. */
    static List<String> accessModes(EntryFields f, String key) throws InvalidEntryException {
        List<String> out = new ArrayList<>();
        List<String> given = f.strings(key);
        for (int i = 0; i < given.size(); i++) {
            String mode = given.get(i).trim();
            Optional<String> known = ACCESS_MODES.stream().filter(m -> m.equalsIgnoreCase(mode)).findFirst();
            if (known.isEmpty()) {
                throw new InvalidEntryException(f.path(key) + "[" + i + "]: expected one of " + String.join(", ", ACCESS_MODES)
                        + ", got " + RenderedValue.show(mode));
            }
            out.add(known.get());
        }
        return out.isEmpty() ? List.of("ReadWriteOnce") : out;
    }

    static Quantity storage(EntryFields f, String key) throws InvalidEntryException {
        return f.quantity(key).orElseThrow(() -> f.missing(key));
    }

    /** Ready when bound to a volume. */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        String phase = LiveStatus.of(live).statusText("phase");
        if ("Bound".equals(phase)) {
            return Readiness.READY;
        }
        return "Lost".equals(phase) ? Readiness.failed("its volume is lost")
                : Readiness.waiting("not bound (phase " + (phase.isEmpty() ? "unknown" : phase) + ")");
    }
}
