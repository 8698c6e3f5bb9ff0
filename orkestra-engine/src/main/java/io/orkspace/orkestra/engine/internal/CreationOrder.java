package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.orkspace.orkestra.registry.ChildRef;
import io.orkspace.orkestra.registry.DesiredChild;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code dependsOn} relations between the children rendered for one CR: which declared children each child
 * waits for before it is created, and, reversed, which must be gone before a child is deleted. A {@code dependsOn}
 * naming a child that is not declared for this CR (its {@code when} is false, its item left the list) is ignored.
 */
final class CreationOrder {

    private final Map<DesiredChild, List<DesiredChild>> dependencies = new IdentityHashMap<>();
    private final Map<DesiredChild, List<DesiredChild>> dependents = new IdentityHashMap<>();

    private CreationOrder() {
    }

    /** The relations among {@code children}; throws {@link Cycle} when they cannot all be created. */
    static CreationOrder of(List<DesiredChild> children) {
        CreationOrder order = new CreationOrder();
        for (DesiredChild child : children) {
            for (ChildRef ref : child.dependsOn()) {
                for (DesiredChild target : children) {
                    if (target != child && ref.matches(target.object(), child.object().getMetadata().getNamespace())) {
                        order.dependencies.computeIfAbsent(child, c -> new ArrayList<>()).add(target);
                        order.dependents.computeIfAbsent(target, c -> new ArrayList<>()).add(child);
                    }
                }
            }
        }
        if (order.dependencies.isEmpty()) {
            return order; // the usual case, on every reconcile: nothing to order, nothing to check
        }
        java.util.Set<DesiredChild> cleared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (DesiredChild child : children) {
            List<DesiredChild> path = new ArrayList<>();
            if (order.cycleFrom(child, path, cleared)) {
                throw new Cycle("dependsOn cycle: " + path.stream().map(CreationOrder::describe).collect(Collectors.joining(" -> "))
                        + " (declared at " + child.entry().path() + ")");
            }
        }
        return order;
    }

    /** Depth first from {@code child}; {@code cleared} holds the children already known to lead to no cycle (each is walked once). */
    private boolean cycleFrom(DesiredChild child, List<DesiredChild> path, java.util.Set<DesiredChild> cleared) {
        if (cleared.contains(child)) {
            return false;
        }
        if (path.contains(child)) {
            path.subList(0, path.indexOf(child)).clear();
            path.add(child);
            return true;
        }
        path.add(child);
        for (DesiredChild next : dependencies.getOrDefault(child, List.of())) {
            if (cycleFrom(next, path, cleared)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        cleared.add(child);
        return false;
    }

    /** The declared children {@code child} waits for. */
    List<DesiredChild> dependenciesOf(DesiredChild child) {
        return dependencies.getOrDefault(child, List.of());
    }

    /** The declared children that wait for {@code child}. */
    List<DesiredChild> dependentsOf(DesiredChild child) {
        return dependents.getOrDefault(child, List.of());
    }

    /** Whether any child takes part in an ordering relation (then deletion runs in reverse order, under the finalizer). */
    boolean isEmpty() {
        return dependencies.isEmpty();
    }

    static String describe(DesiredChild child) {
        HasMetadata o = child.object();
        return o.getKind() + " " + o.getMetadata().getName();
    }

    /** Children that wait for each other in a circle: none of them could ever be created. */
    static final class Cycle extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cycle(String message) {
            super(message, null, false, false);
        }
    }
}
