package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code volumes} (each a name and one source: configMap, secret, emptyDir, persistentVolumeClaim or hostPath, in
 * Kubernetes' shape) and {@code volumeMounts} (name and mountPath). A secret volume takes {@code secretName} or, as
 * the reference writes it, {@code name}.
 */
final class VolumeFields {

    private static final List<String> SOURCES = List.of("configMap", "secret", "emptyDir", "persistentVolumeClaim", "hostPath");
    private static final Set<String> VOLUME = Set.of("name", "configMap", "secret", "emptyDir", "persistentVolumeClaim", "hostPath");
    private static final Set<String> CONFIG_MAP = Set.of("name", "items", "defaultMode", "optional");
    private static final Set<String> SECRET = Set.of("secretName", "name", "items", "defaultMode", "optional");
    private static final Set<String> EMPTY_DIR = Set.of("medium", "sizeLimit");
    private static final Set<String> CLAIM = Set.of("claimName", "readOnly");
    private static final Set<String> HOST_PATH = Set.of("path", "type");
    private static final Set<String> ITEM = Set.of("key", "path", "mode");
    private static final Set<String> MOUNT = Set.of("name", "mountPath", "subPath", "readOnly");

    private VolumeFields() {
    }

    static List<Volume> volumes(EntryFields f) throws InvalidEntryException {
        List<Volume> out = new ArrayList<>();
        for (EntryFields v : f.objects("volumes")) {
            out.add(volume(v));
        }
        return out;
    }

    static List<VolumeMount> mounts(EntryFields f) throws InvalidEntryException {
        List<VolumeMount> out = new ArrayList<>();
        for (EntryFields m : f.objects("volumeMounts")) {
            m.allowOnly(MOUNT);
            out.add(new VolumeMountBuilder()
                    .withName(m.requiredString("name"))
                    .withMountPath(m.requiredString("mountPath"))
                    .withSubPath(m.string("subPath").orElse(null))
                    .withReadOnly(m.bool("readOnly").orElse(null))
                    .build());
        }
        return out;
    }

    private static Volume volume(EntryFields v) throws InvalidEntryException {
        v.allowOnly(VOLUME);
        v.atMostOneOf(SOURCES.toArray(new String[0]));
        VolumeBuilder b = new VolumeBuilder().withName(v.requiredString("name"));
        if (v.declared("configMap")) {
            EntryFields c = source(v, "configMap", CONFIG_MAP);
            b.withNewConfigMap().withName(c.requiredString("name")).withItems(ChildMetadata.orNull(items(c)))
                    .withDefaultMode(c.integer("defaultMode").orElse(null)).withOptional(c.bool("optional").orElse(null)).endConfigMap();
        } else if (v.declared("secret")) {
            EntryFields s = source(v, "secret", SECRET);
            s.atMostOneOf("secretName", "name");
            Optional<String> secretName = s.string("secretName");
            if (secretName.isEmpty()) {
                secretName = s.string("name");
            }
            b.withNewSecret().withSecretName(secretName.orElseThrow(() -> s.missing("secretName"))).withItems(ChildMetadata.orNull(items(s)))
                    .withDefaultMode(s.integer("defaultMode").orElse(null)).withOptional(s.bool("optional").orElse(null)).endSecret();
        } else if (v.declared("emptyDir")) {
            EntryFields e = source(v, "emptyDir", EMPTY_DIR);
            b.withNewEmptyDir().withMedium(e.string("medium").orElse(null)).withSizeLimit(e.quantity("sizeLimit").orElse(null)).endEmptyDir();
        } else if (v.declared("persistentVolumeClaim")) {
            EntryFields c = source(v, "persistentVolumeClaim", CLAIM);
            b.withNewPersistentVolumeClaim().withClaimName(c.requiredString("claimName"))
                    .withReadOnly(c.bool("readOnly").orElse(null)).endPersistentVolumeClaim();
        } else if (v.declared("hostPath")) {
            EntryFields h = source(v, "hostPath", HOST_PATH);
            b.withNewHostPath().withPath(h.requiredString("path")).withType(h.string("type").orElse(null)).endHostPath();
        } else {
            throw new InvalidEntryException(v.path("name") + ": volume \"" + v.requiredString("name")
                    + "\" needs a source (one of " + String.join(", ", SOURCES) + ")");
        }
        return b.build();
    }

    private static EntryFields source(EntryFields v, String key, Set<String> allowed) throws InvalidEntryException {
        EntryFields s = v.object(key).orElseThrow();
        s.allowOnly(allowed);
        return s;
    }

    private static List<KeyToPath> items(EntryFields source) throws InvalidEntryException {
        List<KeyToPath> out = new ArrayList<>();
        for (EntryFields i : source.objects("items")) {
            i.allowOnly(ITEM);
            out.add(new KeyToPathBuilder().withKey(i.requiredString("key")).withPath(i.requiredString("path"))
                    .withMode(i.integer("mode").orElse(null)).build());
        }
        return out;
    }
}
