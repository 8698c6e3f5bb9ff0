package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code secrets}: one Secret (default name {@code <cr-name>-secret}) of {@code type} Opaque (default) or any other
 * type ({@code kubernetes.io/tls}, {@code kubernetes.io/dockerconfigjson}...). The entry's {@code data} values are plain
 * text, as the reference writes them; they are sent base64-encoded in the Secret's {@code data}, not as
 * {@code stringData}: the API server never returns stringData, so an object holding it could never equal the live one
 * and every reconcile would write it again.
 */
final class SecretHandler extends AbstractKindHandler {

    SecretHandler() {
        super("secrets", "v1", "Secret", "secrets", true, "{{ .metadata.name }}-secret", Set.of("type", "data"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        Map<String, String> data = new TreeMap<>();
        for (Map.Entry<String, String> e : f.stringMap("data").entrySet()) {
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return new SecretBuilder()
                .withMetadata(meta)
                .withType(f.string("type", "Opaque").trim())
                .withData(ChildMetadata.orNull(data))
                .build();
    }
}
