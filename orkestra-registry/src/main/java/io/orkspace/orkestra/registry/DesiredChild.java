package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.orkspace.orkestra.katalog.ResourceEntry;

import java.util.List;

/**
 * One object the operator wants to exist for a CR, and the entry it came from.
 *
 * @param entry         the Katalog entry (for messages, events and per-entry policy)
 * @param object        the object, ready for server-side apply
 * @param reconcile     drift-corrected on every reconcile (false: created once, then left alone)
 * @param forceConflict server-side apply with {@code force}
 * @param handler       the kind's handler: how to judge the live object's readiness, whether it may be updated
 * @param dependsOn     the children that must be ready before this one is created ({@code dependsOn} of the entry, rendered)
 */
public record DesiredChild(ResourceEntry entry, HasMetadata object, boolean reconcile, boolean forceConflict,
                           KindHandler handler, List<ChildRef> dependsOn) {

    public DesiredChild {
        dependsOn = List.copyOf(dependsOn);
    }
}
