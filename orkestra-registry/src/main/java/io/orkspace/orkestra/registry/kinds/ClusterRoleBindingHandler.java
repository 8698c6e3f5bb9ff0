package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.List;
import java.util.Set;

/**
 * {@code clusterRoleBindings}: one cluster-scoped ClusterRoleBinding (default name {@code <cr-name>-crb}) of the
 * ClusterRole {@code roleRef} to {@code subjects}; a ServiceAccount subject without a namespace is in the CR's. No
 * owner reference from a namespaced CR (the finalizer removes it).
 */
final class ClusterRoleBindingHandler extends AbstractKindHandler {

    ClusterRoleBindingHandler() {
        super("clusterRoleBindings", RbacFields.API_GROUP + "/v1", "ClusterRoleBinding", "clusterrolebindings", false,
                "{{ .metadata.name }}-crb", Set.of("roleRef", "subjects"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        return new ClusterRoleBindingBuilder()
                .withMetadata(meta)
                .withRoleRef(RbacFields.roleRef(f, List.of("ClusterRole")))
                .withSubjects(RbacFields.subjects(f, owner.namespace()))
                .build();
    }
}
