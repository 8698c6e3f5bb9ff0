package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.registry.ChildKind;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.registry.KindHandlers;
import io.orkspace.orkestra.registry.KindScopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The kinds of a Katalog's {@code custom} entries as the API server serves them. At start each is looked up in
 * discovery: a served kind gets its child informer and its scope is known to rendering ({@link KindScopes}); a kind
 * the server does not serve (its CRD is not installed yet) is looked up again every {@link #RETRY} until it is, then
 * its informer starts and the CRs that declare it are reconciled. Meanwhile the reconciler leaves its children out and
 * says so on the CR ({@link #unserved}).
 */
final class ServedKinds implements KindScopes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedKinds.class);

    /** How often a kind that is not served is looked up again. */
    static final Duration RETRY = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final ChildCache children;
    private final Duration syncTimeout;
    /** Told of a kind once it is served and its informer synced: reconcile the CRs that declare it. */
    private final Consumer<ChildKind> appeared;
    /** Whether each served custom kind is namespaced, by {@code apiVersion/kind}. */
    private final Map<String, Boolean> scopes = new ConcurrentHashMap<>();
    private final Set<ChildKind> missing = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;

    ServedKinds(KubernetesClient client, ChildCache children, Duration syncTimeout, Consumer<ChildKind> appeared) {
        this.client = client;
        this.children = children;
        this.syncTimeout = syncTimeout;
        this.appeared = appeared;
    }

    /** The custom kinds the entries build (built-in kinds are left to the caller). */
    static Set<ChildKind> customKinds(KindHandlers handlers, Collection<ResourceEntry> entries) {
        Set<ChildKind> out = new LinkedHashSet<>();
        for (ResourceEntry e : entries) {
            handlers.kindOf(e).filter(ChildKind::custom).ifPresent(out::add);
        }
        return out;
    }

    /** Looks each kind up and starts the informers of those served; the others are watched for (see the class). */
    synchronized void start(Collection<ChildKind> kinds) {
        for (ChildKind kind : kinds) {
            if (scopes.containsKey(key(kind)) || missing.contains(kind)) {
                continue;
            }
            Optional<APIResource> resource = discover(kind);
            if (resource.isPresent()) {
                scopes.put(key(kind), Boolean.TRUE.equals(resource.get().getNamespaced()));
                children.watch(kind.apiVersion(), kind.kind());
            } else {
                missing.add(kind);
                LOG.warn("the API server does not serve {} (is its CRD installed?): custom entries of that kind wait for it", kind);
            }
        }
        if (!missing.isEmpty() && poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "orkestra-served-kinds");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::lookAgain, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Optional<Boolean> namespaced(String apiVersion, String kind) {
        return Optional.ofNullable(scopes.get(apiVersion + "/" + kind));
    }

    /** Whether the API server was found not to serve this kind (and still does not, as far as we know). */
    boolean notServed(String apiVersion, String kind) {
        return !missing.isEmpty() && missing.contains(new ChildKind(apiVersion, kind, null));
    }

    /** The children whose kind the API server does not serve: they cannot be applied, or read, yet. */
    List<DesiredChild> unserved(List<DesiredChild> desired) {
        if (missing.isEmpty()) {
            return List.of();
        }
        return desired.stream().filter(c -> notServed(c.object().getApiVersion(), c.object().getKind())).toList();
    }

    /** The rendering without {@code leftOut}. */
    static ChildRenderer.Result without(ChildRenderer.Result rendered, List<DesiredChild> leftOut) {
        if (leftOut.isEmpty()) {
            return rendered; // every reconcile comes through here: no copy when nothing is left out
        }
        List<DesiredChild> kept = new ArrayList<>(rendered.children());
        kept.removeAll(leftOut);
        return new ChildRenderer.Result(kept, rendered.errors());
    }

    /** What the CR says about children left out: each entry, where it is written and the kind it waits for. */
    static String describe(List<DesiredChild> leftOut) {
        return leftOut.stream().map(c -> c.entry().path() + " (" + c.entry().location() + ")" + ": the API server does not serve "
                        + c.object().getApiVersion() + " " + c.object().getKind())
                .distinct().collect(Collectors.joining("; "));
    }

    private void lookAgain() {
        for (ChildKind kind : List.copyOf(missing)) {
            try {
                Optional<APIResource> resource = discover(kind);
                if (resource.isEmpty()) {
                    continue;
                }
                scopes.put(key(kind), Boolean.TRUE.equals(resource.get().getNamespaced()));
                children.watch(kind.apiVersion(), kind.kind());
                if (!children.awaitSynced(syncTimeout)) {
                    LOG.warn("the informer on {} did not sync within {}", kind, syncTimeout);
                }
                missing.remove(kind);
                LOG.info("the API server serves {} now: its custom entries start", kind);
                appeared.accept(kind);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("looking up {} failed: {}", kind, e.getMessage());
            }
        }
    }

    /** The kind's resource in discovery (not a subresource), or empty when the server does not serve it. */
    private Optional<APIResource> discover(ChildKind kind) {
        APIResourceList list;
        try {
            list = client.getApiResources(kind.apiVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot look up " + kind + " in the API server's discovery: " + e.getMessage(), e);
        }
        if (list == null || list.getResources() == null) {
            return Optional.empty();
        }
        return list.getResources().stream().filter(r -> kind.kind().equals(r.getKind()) && !r.getName().contains("/")).findFirst();
    }

    private static String key(ChildKind kind) {
        return kind.apiVersion() + "/" + kind.kind();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
