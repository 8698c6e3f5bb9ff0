package io.orkspace.orkestra.katalog;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code operatorBox.observe}: what, besides its own CRs, makes the operator reconcile. A change of a watched object,
 * or a matching Kubernetes Event, enqueues the primary CRs it maps to; the reconcile itself is the usual one.
 *
 * <pre>{@code
 * observe:
 *   watch:
 *     - {apiVersion: v1, kind: ConfigMap, namespace: config, name: feature-flags, on: [update]}
 *   events:
 *     dbReady: {reason: DatabaseReady, regarding: {kind: Database}, keyFrom: {label: app.example.com/owner}}
 * }</pre>
 *
 * @param watch  secondary objects whose add, update or delete enqueues the primaries they map to
 * @param events Event declarations by name (the name is also {@code .events.<name>} in templates)
 */
public record Observe(List<Watch> watch, Map<String, EventWatch> events) {

    /** Nothing observed. */
    public static final Observe NONE = new Observe(List.of(), Map.of());

    public Observe {
        watch = List.copyOf(watch);
        events = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }

    public boolean isEmpty() {
        return watch.isEmpty() && events.isEmpty();
    }

    /** The kinds of change an observation reacts to ({@code on:}); all three when not given. */
    public enum On {
        CREATE, UPDATE, DELETE;

        public static final Set<On> ALL = java.util.Collections.unmodifiableSet(EnumSet.allOf(On.class));
    }

    /**
     * How an observed object names the primary CR(s) to enqueue ({@code keyFrom}); exactly one of {@code label} and
     * {@code name} is set (the loader checks it).
     *
     * @param label     a label of the observed object whose value is the CR's name ({@code name} or {@code namespace/name})
     * @param name      a fixed CR name
     * @param namespace with {@code name}: the CR's namespace; null: that name in any namespace
     */
    public record KeyFrom(String label, String name, String namespace) {
    }

    /**
     * One {@code observe.watch} entry.
     *
     * @param apiVersion the watched kind's API version ({@code v1}, {@code apps/v1})
     * @param kind       the watched kind
     * @param namespace  only objects of this namespace; null: every namespace
     * @param name       only the object of this name; null: every object
     * @param on         the changes that count
     * @param keyFrom    the routing rule; empty: owner references, else every CR
     * @param location   where the entry was written
     */
    public record Watch(String apiVersion, String kind, String namespace, String name, Set<On> on,
                        Optional<KeyFrom> keyFrom, Location location) {
        public Watch {
            on = on.isEmpty() ? On.ALL : java.util.Collections.unmodifiableSet(EnumSet.copyOf(on));
        }
    }

    /**
     * A pattern over the object an Event refers to ({@code regarding}, {@code related}); a null field matches anything.
     */
    public record ObjectMatch(String apiVersion, String kind, String name, String namespace) {
    }

    /**
     * One {@code observe.events.<name>} declaration: every non-null field must equal the Event's.
     *
     * @param name                the declaration's name
     * @param reason              the Event's {@code reason}
     * @param action              its {@code action}
     * @param type                its {@code type} (Normal, Warning)
     * @param reportingController its {@code reportingController}
     * @param reportingInstance   its {@code reportingInstance}
     * @param namespace           the Event's namespace
     * @param eventName           the Event's {@code metadata.name}
     * @param on                  the changes that count
     * @param regarding           the object the Event is about
     * @param related             the Event's related object
     * @param keyFrom             the routing rule; empty: owner references, else every CR
     * @param location            where the declaration was written
     */
    public record EventWatch(String name, String reason, String action, String type, String reportingController,
                             String reportingInstance, String namespace, String eventName, Set<On> on,
                             Optional<ObjectMatch> regarding, Optional<ObjectMatch> related, Optional<KeyFrom> keyFrom,
                             Location location) {
        public EventWatch {
            on = on.isEmpty() ? On.ALL : java.util.Collections.unmodifiableSet(EnumSet.copyOf(on));
        }
    }
}
