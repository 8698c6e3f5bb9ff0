package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.Set;

/**
 * {@code clusterRoles}: one cluster-scoped ClusterRole (default name {@code <cr-name>-cluster-role}) granting
 * {@code rules} (at least one; {@code nonResourceURLs} allowed). A namespaced CR cannot own it: it gets no owner
 * reference and is removed by the CR's finalizer.
 */
final class ClusterRoleHandler extends AbstractKindHandler {

    ClusterRoleHandler() {
        super("clusterRoles", RbacFields.API_GROUP + "/v1", "ClusterRole", "clusterroles", false,
                "{{ .metadata.name }}-cluster-role", Set.of("rules"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        return new ClusterRoleBuilder().withMetadata(meta).withRules(RbacFields.rules(f, true)).build();
    }
}
