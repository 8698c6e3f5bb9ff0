package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.orkspace.orkestra.registry.Owner;

import java.util.Set;

/** {@code serviceAccounts}: one ServiceAccount (default name {@code <cr-name>-sa}): metadata only. */
final class ServiceAccountHandler extends AbstractKindHandler {

    ServiceAccountHandler() {
        super("serviceAccounts", "v1", "ServiceAccount", "serviceaccounts", true, "{{ .metadata.name }}-sa", Set.of());
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) {
        return new ServiceAccountBuilder().withMetadata(meta).build();
    }
}
