package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.List;
import java.util.Set;

/**
 * {@code namespaces}: one Namespace (default name {@code <cr-name>-ns}) with optional extra {@code finalizers}
 * (spec.finalizers). Cluster-scoped: a namespaced CR cannot own it, so it gets no owner reference and is removed by
 * the CR's finalizer.
 */
final class NamespaceHandler extends AbstractKindHandler {

    NamespaceHandler() {
        super("namespaces", "v1", "Namespace", "namespaces", false, "{{ .metadata.name }}-ns", Set.of("finalizers"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        NamespaceBuilder ns = new NamespaceBuilder().withMetadata(meta);
        List<String> finalizers = f.strings("finalizers");
        if (!finalizers.isEmpty()) {
            ns.withNewSpec().withFinalizers(finalizers).endSpec();
        }
        return ns.build();
    }

    /** Ready while active (not terminating). */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        String phase = LiveStatus.of(live).statusText("phase");
        return phase.isEmpty() || "Active".equals(phase) ? Readiness.READY : Readiness.waiting("phase " + phase);
    }
}
