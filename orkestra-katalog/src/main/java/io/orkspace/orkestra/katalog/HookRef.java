package io.orkspace.orkestra.katalog;

import java.util.List;

/**
 * A reference to Java code from a Katalog ({@code reconciler.hooks} or {@code reconciler.constructor}).
 *
 * @param function         the hook's name (a Java class name or a registered hook name)
 * @param args             arguments, rendered as templates against the CR before the call
 * @param runHooksFirst    run the hook before the declarative templates instead of after
 * @param managedResources extra kinds the hook creates (informers and RBAC are added for them)
 * @param location         where it was written
 */
public record HookRef(String function, ValueTemplate args, boolean runHooksFirst, List<ManagedResource> managedResources,
                      Location location) {

    public HookRef {
        managedResources = List.copyOf(managedResources);
    }

    /** An apiVersion/kind pair. */
    public record ManagedResource(String apiVersion, String kind) {
    }
}
