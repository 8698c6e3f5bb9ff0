package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code resources}: a {@code profile} ({@code small}, {@code burst}...) or explicit {@code requests}/{@code limits}. */
final class ResourceFields {

    private static final Set<String> RESOURCES = Set.of("profile", "requests", "limits");

    private ResourceFields() {
    }

    static Optional<ResourceRequirements> of(EntryFields f) throws InvalidEntryException {
        Optional<EntryFields> o = f.object("resources");
        if (o.isEmpty()) {
            return Optional.empty();
        }
        EntryFields r = o.get();
        r.allowOnly(RESOURCES);
        if (r.has("profile")) {
            if (r.declared("requests") || r.declared("limits")) {
                throw new InvalidEntryException(r.path("profile") + ": set a profile or requests/limits, not both");
            }
            return Optional.of(Profiles.resources(r.path("profile"), r.requiredString("profile")));
        }
        Map<String, Quantity> requests = r.quantities("requests");
        Map<String, Quantity> limits = r.quantities("limits");
        if (requests.isEmpty() && limits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRequirementsBuilder()
                .withRequests(ChildMetadata.orNull(requests))
                .withLimits(ChildMetadata.orNull(limits))
                .build());
    }
}
