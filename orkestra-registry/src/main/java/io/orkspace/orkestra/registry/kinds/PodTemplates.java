package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pod of a workload entry (Deployment, StatefulSet, Job, CronJob, Pod): one primary container named after the
 * object, built from the entry's shared fields ({@code image}, {@code port}, {@code env}, {@code resources},
 * {@code probes}...), and the pod-level fields ({@code nodeSelector}, {@code serviceAccountName}, {@code volumes}...).
 */
final class PodTemplates {

    /** Fields of the primary container. */
    static final Set<String> CONTAINER_FIELDS = Set.of("image", "port", "protocol", "env", "envFrom", "resources", "probes",
            "securityContext", "workingDirectory", "volumeMounts");
    /** Fields of the pod around it. */
    static final Set<String> POD_FIELDS = Set.of("imagePullSecrets", "nodeSelector", "serviceAccountName", "podSecurity", "volumes");

    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    private PodTemplates() {
    }

    /** The primary container; {@code image} is the (already resolved) image. */
    static Container container(EntryFields f, String name, String image) throws InvalidEntryException {
        ContainerBuilder c = new ContainerBuilder().withName(name).withImage(image);
        Optional<Integer> port = f.port("port");
        if (port.isPresent()) {
            String protocol = f.choice("protocol", PROTOCOLS).orElse("TCP");
            c.withPorts(new ContainerPortBuilder().withContainerPort(port.get()).withProtocol(protocol).build());
        }
        c.withCommand(ChildMetadata.orNull(f.strings("command")));
        c.withArgs(ChildMetadata.orNull(f.strings("args")));
        EnvFields.Env env = EnvFields.of(f);
        c.withEnv(ChildMetadata.orNull(env.env()));
        c.withEnvFrom(ChildMetadata.orNull(env.envFrom()));
        c.withResources(ResourceFields.of(f).orElse(null));
        ProbeFields.apply(f, c, port);
        c.withSecurityContext(SecurityFields.container(f).orElse(null));
        c.withWorkingDir(f.string("workingDirectory").orElse(null));
        c.withVolumeMounts(ChildMetadata.orNull(VolumeFields.mounts(f)));
        return c.build();
    }

    /** The pod around {@code container}; {@code restartPolicy} may be null (the server's default). */
    static PodSpec podSpec(EntryFields f, Container container, String restartPolicy) throws InvalidEntryException {
        return new PodSpecBuilder()
                .withContainers(container)
                .withRestartPolicy(restartPolicy)
                .withImagePullSecrets(ChildMetadata.orNull(pullSecrets(f)))
                .withNodeSelector(ChildMetadata.orNull(f.stringMap("nodeSelector")))
                .withServiceAccountName(f.string("serviceAccountName").orElse(null))
                .withSecurityContext(SecurityFields.pod(f).orElse(null))
                .withVolumes(ChildMetadata.orNull(VolumeFields.volumes(f)))
                .build();
    }

    /**
     * The pod template of a workload: the entry's labels, Orkestra's labels and {@code orkestra-workload: <name>}
     * (which {@link #selector} matches), around the pod spec.
     */
    static PodTemplateSpec template(EntryFields f, Owner owner, String workload, PodSpec spec) throws InvalidEntryException {
        Map<String, String> labels = new TreeMap<>(ChildMetadata.labels(f, owner));
        labels.put(ChildMetadata.WORKLOAD, workload);
        ObjectMeta meta = new ObjectMetaBuilder().withLabels(labels).build();
        return new PodTemplateSpecBuilder().withMetadata(meta).withSpec(spec).build();
    }

    /** The selector of a workload's pods: its CR and its own name. */
    static Map<String, String> selector(Owner owner, String workload) {
        Map<String, String> selector = new TreeMap<>();
        selector.put(io.orkspace.orkestra.registry.KindHandlers.OWNER, owner.name());
        selector.put(ChildMetadata.WORKLOAD, workload);
        return selector;
    }

    /**
     * A workload's name doubles as its container's name and as a label value: both are limited to 63 characters
     * (a DNS label). Checked here, where the message can name the field.
     */
    static void checkWorkloadName(EntryFields f, String name) throws InvalidEntryException {
        if (name.length() > 63) {
            throw new InvalidEntryException(f.path("name") + ": \"" + name + "\" is " + name.length()
                    + " characters long; a workload's name names its container and labels its pods, so at most 63");
        }
    }

    private static List<LocalObjectReference> pullSecrets(EntryFields f) throws InvalidEntryException {
        List<LocalObjectReference> out = new ArrayList<>();
        List<?> items = f.list("imagePullSecrets");
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String path = f.path("imagePullSecrets") + "[" + i + "]";
            if (item instanceof Map<?, ?> m && m.get("name") != null && m.size() == 1) {
                out.add(new LocalObjectReference(String.valueOf(m.get("name"))));
            } else if (item instanceof String s && !s.isBlank()) {
                out.add(new LocalObjectReference(s));
            } else {
                throw RenderedValue.wrongType(path, "a secret name (or {name: ...})", item);
            }
        }
        return out;
    }
}
