package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Observe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code operatorBox.observe} of one CRD entry: subscribes its watches and Event declarations to the shared
 * {@link ObservedInformers}, maps each change to primary CR keys ({@link KeyRouting}) and puts them on the entry's queue;
 * the reconcile that follows is the usual one. It also keeps, per Event declaration and CR, the newest matching Event
 * that still exists, which templates read as {@code .events.<name>}.
 */
final class Observer {

    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    static final String EVENTS_API = "events.k8s.io/v1";
    /** The key under which an Event routed to every CR is kept. */
    private static final String EVERY_CR = "*";

    private final CrdEntry crd;
    private final ObservedInformers informers;
    private final KeyRouting routing;
    private final Consumer<String> enqueue;
    private final String eventComponent;
    /** declaration name → CR key (or {@link #EVERY_CR}) → newest matching Event. */
    private final Map<String, Map<String, Seen>> latest = new ConcurrentHashMap<>();
    private final List<Runnable> subscriptions = new ArrayList<>();

    private record Seen(String uid, Instant at, Map<String, Object> event) {
    }

    /**
     * @param eventComponent the component the engine's own Events are reported by: Events it recorded about this entry's
     *                       CRs are not observed unless a declaration names that component (each reconcile could
     *                       otherwise record an Event that triggers the next)
     */
    Observer(CrdEntry crd, ObservedInformers informers, KeyRouting routing, Consumer<String> enqueue, String eventComponent) {
        this.crd = crd;
        this.informers = informers;
        this.routing = routing;
        this.enqueue = enqueue;
        this.eventComponent = eventComponent;
    }

    /** Subscribes every watch and, when Events are declared, the Events of the namespaces they name. */
    void start(Duration syncTimeout) throws InterruptedException {
        Observe observe = crd.operatorBox().observe();
        for (Observe.Watch w : observe.watch()) {
            ObservedInformers.Selection selection = new ObservedInformers.Selection(w.apiVersion(), w.kind(), w.namespace(), w.name());
            try {
                subscriptions.add(informers.subscribe(selection, (change, object, replay) -> {
                    if (!replay && w.on().contains(change)) {
                        enqueueAll(routing.route(w.keyFrom(), object), selection + " " + change.name().toLowerCase());
                    }
                }, syncTimeout));
            } catch (IllegalStateException e) {
                throw new IllegalStateException(crd.name() + ": observe.watch (" + w.location() + "): " + e.getMessage(), e);
            }
        }
        // one Event informer per namespace the declarations restrict to; any unrestricted declaration: all namespaces
        List<String> namespaces = observe.events().values().stream().anyMatch(e -> e.namespace() == null) ? java.util.Collections.singletonList(null)
                : observe.events().values().stream().map(Observe.EventWatch::namespace).distinct().toList();
        for (String ns : namespaces) {
            ObservedInformers.Selection selection = new ObservedInformers.Selection(EVENTS_API, "Event", ns, null);
            try {
                subscriptions.add(informers.subscribe(selection, this::eventChanged, syncTimeout));
            } catch (IllegalStateException e) {
                throw new IllegalStateException(crd.name() + ": observe.events: " + e.getMessage(), e);
            }
        }
    }

    void stop() {
        subscriptions.forEach(Runnable::run);
        subscriptions.clear();
    }

    private void eventChanged(Observe.On change, GenericKubernetesResource event, boolean replay) {
        Map<String, Object> e = DeclarativeReconciler.asMap(event);
        String uid = event.getMetadata().getUid();
        if (change == Observe.On.DELETE) {
            latest.values().forEach(byKey -> byKey.values().removeIf(s -> s.uid().equals(uid)));
        }
        for (Observe.EventWatch d : crd.operatorBox().observe().events().values()) {
            if (!EventMatch.matches(d, e) || (d.reportingController() == null && ownEventAboutOurCr(e))) {
                continue;
            }
            List<String> keys = routing.route(d.keyFrom(), event);
            if (change != Observe.On.DELETE) {
                remember(d.name(), routing.everyCr(d.keyFrom(), event) ? List.of(EVERY_CR) : keys, uid, e);
            }
            if (!replay && d.on().contains(change)) {
                enqueueAll(keys, "Event " + event.getMetadata().getName() + " (" + d.name() + ")");
            }
        }
    }

    /** Whether the Event was recorded by this engine about a CR of this entry. */
    private boolean ownEventAboutOurCr(Map<String, Object> e) {
        Object reporter = e.get("reportingController");
        if (reporter == null) {
            reporter = EventMatch.map(e.get("deprecatedSource")).get("component");
        }
        Map<String, Object> regarding = EventMatch.map(e.get("regarding"));
        return eventComponent.equals(reporter) && crd.apiTypes().kind().equals(regarding.get("kind"))
                && crd.apiTypes().apiVersion().equals(regarding.get("apiVersion"));
    }

    private void remember(String declaration, List<String> keys, String uid, Map<String, Object> event) {
        Seen seen = new Seen(uid, EventMatch.lastSeen(event), event);
        Map<String, Seen> byKey = latest.computeIfAbsent(declaration, d -> new ConcurrentHashMap<>());
        for (String key : keys) {
            byKey.merge(key, seen, (old, now) -> now.at().isBefore(old.at()) && !old.uid().equals(now.uid()) ? old : now);
        }
    }

    private void enqueueAll(List<String> keys, String why) {
        for (String key : keys) {
            enqueue.accept(key);
        }
        if (!keys.isEmpty()) {
            LOG.debug("{}: {} enqueued {}", crd.name(), why, keys.size() == 1 ? keys.get(0) : keys.size() + " CRs");
        }
    }

    /**
     * The CR as templates see it: with {@code .events.<declaration>}, the newest matching Event routed to this CR (or to
     * every CR), when Events are declared. The CR map itself is not changed.
     */
    Map<String, Object> templateData(String key, Map<String, Object> cr) {
        if (crd.operatorBox().observe().events().isEmpty()) {
            return cr;
        }
        Map<String, Object> events = new LinkedHashMap<>();
        for (String declaration : crd.operatorBox().observe().events().keySet()) {
            Map<String, Seen> byKey = latest.getOrDefault(declaration, Map.of());
            Seen mine = byKey.get(key);
            Seen all = byKey.get(EVERY_CR);
            Seen newest = mine == null ? all : all == null || !all.at().isAfter(mine.at()) ? mine : all;
            if (newest != null) {
                events.put(declaration, newest.event());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>(cr);
        data.put("events", events);
        return data;
    }
}
