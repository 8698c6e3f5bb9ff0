package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.List;
import java.util.Set;

/**
 * {@code roleBindings}: one RoleBinding (default name {@code <cr-name>-rolebinding}) of {@code roleRef} (kind Role by
 * default, or ClusterRole) to {@code subjects}; a ServiceAccount subject without a namespace is in the binding's.
 */
final class RoleBindingHandler extends AbstractKindHandler {

    RoleBindingHandler() {
        super("roleBindings", RbacFields.API_GROUP + "/v1", "RoleBinding", "rolebindings", true,
                "{{ .metadata.name }}-rolebinding", Set.of("roleRef", "subjects"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        return new RoleBindingBuilder()
                .withMetadata(meta)
                .withRoleRef(RbacFields.roleRef(f, List.of("Role", "ClusterRole")))
                .withSubjects(RbacFields.subjects(f, meta.getNamespace()))
                .build();
    }
}
