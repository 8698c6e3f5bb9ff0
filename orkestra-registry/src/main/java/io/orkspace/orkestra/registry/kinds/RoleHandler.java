package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.Set;

/** {@code roles}: one Role (default name {@code <cr-name>-role}) granting {@code rules} (at least one). */
final class RoleHandler extends AbstractKindHandler {

    RoleHandler() {
        super("roles", RbacFields.API_GROUP + "/v1", "Role", "roles", true, "{{ .metadata.name }}-role", Set.of("rules"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        return new RoleBuilder().withMetadata(meta).withRules(RbacFields.rules(f, false)).build();
    }
}
