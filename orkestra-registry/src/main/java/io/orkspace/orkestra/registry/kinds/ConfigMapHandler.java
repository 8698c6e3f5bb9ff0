package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.Set;

/**
 * {@code configMaps}: one ConfigMap (default name {@code <cr-name>-config}) holding {@code data}, its keys sorted and
 * its values as text (a number or a boolean is written as it reads: {@code 100}, {@code true}).
 */
final class ConfigMapHandler extends AbstractKindHandler {

    ConfigMapHandler() {
        super("configMaps", "v1", "ConfigMap", "configmaps", true, "{{ .metadata.name }}-config", Set.of("data"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        return new ConfigMapBuilder()
                .withMetadata(meta)
                .withData(ChildMetadata.orNull(f.stringMap("data")))
                .build();
    }
}
