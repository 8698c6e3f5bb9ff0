package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.orkspace.orkestra.katalog.Observe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The informers of {@code observe}: one per watched kind and selection (namespace, name), shared by every CRD entry
 * that watches the same thing, each fanning its changes out to the entries' listeners. What an informer lists when it
 * starts is not a change: a new listener is handed the cached objects once, marked as a replay, and only what happens
 * afterwards arrives as a create, update or delete.
 */
final class ObservedInformers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservedInformers.class);

    /** What an informer watches: a kind, and optionally one namespace and one object name. */
    record Selection(String apiVersion, String kind, String namespace, String name) {
        @Override
        public String toString() {
            return apiVersion + " " + kind + (namespace == null && name == null ? ""
                    : " " + (namespace == null ? "*" : namespace) + "/" + (name == null ? "*" : name));
        }
    }

    /** Receives the changes of one selection. */
    interface Listener {
        /**
         * @param change what happened
         * @param object the object (its last known state, for a delete)
         * @param replay true for the objects that were there already when the listener subscribed (no change)
         */
        void changed(Observe.On change, GenericKubernetesResource object, boolean replay);
    }

    private final KubernetesClient client;
    private final Map<Selection, Shared> informers = new ConcurrentHashMap<>();

    ObservedInformers(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Subscribes a listener, starting the selection's informer (and waiting for its first list) on first use; the
     * listener is then given every cached object as a replay. Returns what unsubscribes it.
     */
    synchronized Runnable subscribe(Selection selection, Listener listener, Duration syncTimeout) throws InterruptedException {
        Shared shared = informers.get(selection);
        if (shared == null) {
            shared = start(selection, syncTimeout);
            informers.put(selection, shared);
        }
        Shared s = shared;
        s.listeners.add(listener);
        for (GenericKubernetesResource o : s.informer.getStore().list()) {
            listener.changed(Observe.On.CREATE, o, true);
        }
        return () -> s.listeners.remove(listener);
    }

    private Shared start(Selection selection, Duration syncTimeout) throws InterruptedException {
        SharedIndexInformer<GenericKubernetesResource> informer;
        try {
            var all = client.genericKubernetesResources(selection.apiVersion(), selection.kind());
            FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> source =
                    selection.namespace() != null ? all.inNamespace(selection.namespace()) : all.inAnyNamespace();
            if (selection.name() != null) {
                source = source.withField("metadata.name", selection.name());
            }
            informer = source.runnableInformer(0);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("the API server does not serve " + selection.apiVersion() + " " + selection.kind()
                    + ": " + e.getMessage(), e);
        }
        Shared shared = new Shared(informer);
        informer.addEventHandler(shared);
        try {
            informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            informer.close();
            Throwable cause = e.getCause();
            if (cause instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
                throw new IllegalStateException("not allowed to watch " + selection + " (HTTP " + k.getCode()
                        + "): check the service account's RBAC (orkestra rbac prints what it needs)");
            }
            throw new IllegalStateException("cannot watch " + selection + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            informer.close();
            throw new IllegalStateException("the informer on " + selection + " did not sync within " + syncTimeout);
        }
        shared.synced();
        LOG.debug("observing {}", selection);
        return shared;
    }

    /** One informer and its listeners. */
    private static final class Shared implements ResourceEventHandler<GenericKubernetesResource> {
        final SharedIndexInformer<GenericKubernetesResource> informer;
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        /** uid@resourceVersion of what the first list held: their add notifications may still be on their way. */
        private final Set<String> listed = ConcurrentHashMap.newKeySet();
        private volatile boolean synced;

        Shared(SharedIndexInformer<GenericKubernetesResource> informer) {
            this.informer = informer;
        }

        void synced() {
            informer.getStore().list().forEach(o -> listed.add(version(o)));
            synced = true;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            if (synced && !listed.remove(version(obj))) {
                fanOut(Observe.On.CREATE, obj);
            }
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            if (synced && !Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                fanOut(Observe.On.UPDATE, newObj);
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            if (synced) {
                listed.remove(version(obj));
                fanOut(Observe.On.DELETE, obj);
            }
        }

        private void fanOut(Observe.On change, GenericKubernetesResource obj) {
            for (Listener l : listeners) {
                try {
                    l.changed(change, obj, false);
                } catch (RuntimeException e) {
                    LOG.warn("observing {} {}: {}", obj.getKind(), obj.getMetadata().getName(), e.toString());
                }
            }
        }

        private static String version(GenericKubernetesResource o) {
            return o.getMetadata().getUid() + "@" + o.getMetadata().getResourceVersion();
        }
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(s -> s.informer.close());
        informers.clear();
    }
}
