package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A container's environment: {@code env} (Kubernetes' list form: name with value or valueFrom) and {@code envFrom}
 * ({@code secretRef}/{@code configMapRef} lists). An envFrom ref with {@code keys} imports only those keys, each as its
 * own variable named prefix + key + suffix (Kubernetes' envFrom can only prefix a whole source); without keys it is a
 * native envFrom source.
 */
final class EnvFields {

    /** The variables and sources of one container. */
    record Env(List<EnvVar> env, List<EnvFromSource> envFrom) {
    }

    private static final Set<String> ENV_VAR = Set.of("name", "value", "valueFrom");
    private static final Set<String> VALUE_FROM = Set.of("secretKeyRef", "configMapKeyRef");
    private static final Set<String> KEY_REF = Set.of("name", "key", "optional");
    private static final Set<String> ENV_FROM = Set.of("secretRef", "configMapRef");
    private static final Set<String> ENV_FROM_REF = Set.of("name", "prefix", "suffix", "optional", "keys");

    private EnvFields() {
    }

    static Env of(EntryFields f) throws InvalidEntryException {
        List<EnvVar> env = new ArrayList<>();
        for (EntryFields e : f.objects("env")) {
            env.add(envVar(e));
        }
        List<EnvFromSource> envFrom = new ArrayList<>();
        Optional<EntryFields> from = f.object("envFrom");
        if (from.isPresent()) {
            from.get().allowOnly(ENV_FROM);
            for (EntryFields ref : from.get().objects("secretRef")) {
                importSource(ref, true, env, envFrom);
            }
            for (EntryFields ref : from.get().objects("configMapRef")) {
                importSource(ref, false, env, envFrom);
            }
        }
        return new Env(env, envFrom);
    }

    private static EnvVar envVar(EntryFields e) throws InvalidEntryException {
        e.allowOnly(ENV_VAR);
        e.atMostOneOf("value", "valueFrom");
        EnvVarBuilder v = new EnvVarBuilder().withName(e.requiredString("name"));
        Optional<EntryFields> from = e.object("valueFrom");
        if (from.isEmpty()) {
            // "" is dropped by the server (omitempty): leave it out so the object equals what the server keeps
            return v.withValue(e.exactString("value").filter(s -> !s.isEmpty()).orElse(null)).build();
        }
        EntryFields vf = from.get();
        vf.allowOnly(VALUE_FROM);
        vf.atMostOneOf("secretKeyRef", "configMapKeyRef");
        Optional<EntryFields> secret = vf.object("secretKeyRef");
        Optional<EntryFields> configMap = vf.object("configMapKeyRef");
        if (secret.isPresent()) {
            EntryFields r = keyRef(secret.get());
            return v.withValueFrom(new EnvVarSourceBuilder().withNewSecretKeyRef()
                    .withName(r.requiredString("name")).withKey(r.requiredString("key")).withOptional(r.bool("optional").orElse(null))
                    .endSecretKeyRef().build()).build();
        }
        if (configMap.isPresent()) {
            EntryFields r = keyRef(configMap.get());
            return v.withValueFrom(new EnvVarSourceBuilder().withNewConfigMapKeyRef()
                    .withName(r.requiredString("name")).withKey(r.requiredString("key")).withOptional(r.bool("optional").orElse(null))
                    .endConfigMapKeyRef().build()).build();
        }
        throw new InvalidEntryException(e.path("valueFrom") + ": set secretKeyRef or configMapKeyRef");
    }

    private static EntryFields keyRef(EntryFields r) throws InvalidEntryException {
        r.allowOnly(KEY_REF);
        return r;
    }

    private static void importSource(EntryFields ref, boolean secret, List<EnvVar> env, List<EnvFromSource> envFrom)
            throws InvalidEntryException {
        ref.allowOnly(ENV_FROM_REF);
        String name = ref.requiredString("name");
        String prefix = ref.string("prefix", "");
        String suffix = ref.string("suffix", "");
        Boolean optional = ref.bool("optional").orElse(null);
        List<String> keys = ref.strings("keys");
        if (keys.isEmpty()) {
            if (!suffix.isEmpty()) {
                throw new InvalidEntryException(ref.path("suffix") + ": needs keys (a whole "
                        + (secret ? "Secret" : "ConfigMap") + " can only be imported with a prefix)");
            }
            EnvFromSourceBuilder s = new EnvFromSourceBuilder().withPrefix(prefix.isEmpty() ? null : prefix);
            if (secret) {
                s.withNewSecretRef().withName(name).withOptional(optional).endSecretRef();
            } else {
                s.withNewConfigMapRef().withName(name).withOptional(optional).endConfigMapRef();
            }
            envFrom.add(s.build());
            return;
        }
        for (String key : keys) {
            EnvVarSourceBuilder source = new EnvVarSourceBuilder();
            if (secret) {
                source.withNewSecretKeyRef().withName(name).withKey(key).withOptional(optional).endSecretKeyRef();
            } else {
                source.withNewConfigMapKeyRef().withName(name).withKey(key).withOptional(optional).endConfigMapKeyRef();
            }
            env.add(new EnvVarBuilder().withName(prefix + key + suffix).withValueFrom(source.build()).build());
        }
    }
}
