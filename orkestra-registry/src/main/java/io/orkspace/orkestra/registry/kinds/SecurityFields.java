package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code securityContext} (the container's) and {@code podSecurity} (the pod's): a {@code profile} or explicit
 * fields, not both.
 */
final class SecurityFields {

    private static final Set<String> CONTAINER = Set.of("profile", "runAsNonRoot", "readOnlyRootFilesystem",
            "allowPrivilegeEscalation", "capabilities");
    private static final Set<String> CAPABILITIES = Set.of("add", "drop");
    private static final Set<String> POD = Set.of("profile", "runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup");
    private static final List<String> EXPLICIT_CONTAINER = List.of("runAsNonRoot", "readOnlyRootFilesystem",
            "allowPrivilegeEscalation", "capabilities");
    private static final List<String> EXPLICIT_POD = List.of("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup");

    private SecurityFields() {
    }

    static Optional<SecurityContext> container(EntryFields f) throws InvalidEntryException {
        Optional<EntryFields> o = f.object("securityContext");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        EntryFields sc = o.get();
        sc.allowOnly(CONTAINER);
        if (sc.has("profile")) {
            exclusive(sc, EXPLICIT_CONTAINER);
            return Optional.of(Profiles.containerSecurity(sc.path("profile"), sc.requiredString("profile")));
        }
        SecurityContextBuilder b = new SecurityContextBuilder()
                .withRunAsNonRoot(sc.bool("runAsNonRoot").orElse(null))
                .withReadOnlyRootFilesystem(sc.bool("readOnlyRootFilesystem").orElse(null))
                .withAllowPrivilegeEscalation(sc.bool("allowPrivilegeEscalation").orElse(null));
        Optional<EntryFields> caps = sc.object("capabilities");
        if (caps.isPresent()) {
            caps.get().allowOnly(CAPABILITIES);
            List<String> add = caps.get().strings("add");
            List<String> drop = caps.get().strings("drop");
            if (!add.isEmpty() || !drop.isEmpty()) {
                b.withNewCapabilities().withAdd(ChildMetadata.orNull(add)).withDrop(ChildMetadata.orNull(drop)).endCapabilities();
            }
        }
        SecurityContext built = b.build();
        return built.equals(new SecurityContext()) ? Optional.empty() : Optional.of(built);
    }

    static Optional<PodSecurityContext> pod(EntryFields f) throws InvalidEntryException {
        Optional<EntryFields> o = f.object("podSecurity");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        EntryFields ps = o.get();
        ps.allowOnly(POD);
        if (ps.has("profile")) {
            exclusive(ps, EXPLICIT_POD);
            return Optional.of(Profiles.podSecurity(ps.path("profile"), ps.requiredString("profile")));
        }
        PodSecurityContext built = new PodSecurityContextBuilder()
                .withRunAsNonRoot(ps.bool("runAsNonRoot").orElse(null))
                .withRunAsUser(asLong(ps.integer("runAsUser", 0, Integer.MAX_VALUE)))
                .withRunAsGroup(asLong(ps.integer("runAsGroup", 0, Integer.MAX_VALUE)))
                .withFsGroup(asLong(ps.integer("fsGroup", 0, Integer.MAX_VALUE)))
                .build();
        return built.equals(new PodSecurityContext()) ? Optional.empty() : Optional.of(built);
    }

    private static void exclusive(EntryFields o, List<String> explicit) throws InvalidEntryException {
        for (String k : explicit) {
            if (o.declared(k)) {
                throw new InvalidEntryException(o.path("profile") + " and " + o.path(k) + ": set a profile or explicit fields, not both");
            }
        }
    }

    private static Long asLong(Optional<Integer> v) {
        return v.map(Integer::longValue).orElse(null);
    }
}
