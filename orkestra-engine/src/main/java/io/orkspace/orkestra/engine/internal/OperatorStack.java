package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.registry.ChildRenderer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator of one CRD entry: an informer on its exact GVK, a rate-limited work queue, a worker pool and the
 * declarative reconciler. The infrastructure (client, child caches, event recorder, timer) is shared.
 */
final class OperatorStack {

    private final CrdEntry crd;
    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final WorkQueue<String> queue;
    private final Controller controller;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile boolean started;

    OperatorStack(CrdEntry crd, KubernetesClient client, ChildCache children, ChildRenderer renderer, EventRecorder events,
                  ScheduledExecutorService timer, EngineOptions options, String fieldManager, CrdHooks hooks) {
        this.crd = crd;
        this.client = client;
        this.context = new ResourceDefinitionContext.Builder()
                .withGroup(crd.apiTypes().group()).withVersion(crd.apiTypes().version())
                .withKind(crd.apiTypes().kind()).withPlural(crd.apiTypes().plural())
                .withNamespaced(crd.namespaced()).build();
        this.queue = new WorkQueue<>(timer, RateLimiter.defaults(), crd.operatorBox().reconciler().queue().maxDepth(), new WorkQueue.Listener<>() { });
        DeclarativeReconciler reconciler = new DeclarativeReconciler(crd, client, context, this::cached, children, renderer, events,
                fieldManager, hooks);
        this.controller = new Controller(crd.name(), crd.workers(), queue, reconciler, Executors.defaultThreadFactory(),
                new Controller.Listener() {
                    @Override
                    public void reconciled(String key, long nanos, Controller.Outcome outcome, Throwable error) {
                        if (outcome == Controller.Outcome.ERROR || outcome == Controller.Outcome.TERMINAL_ERROR) {
                            consecutiveFailures.incrementAndGet();
                        } else {
                            consecutiveFailures.set(0);
                        }
                    }
                });
    }

    CrdEntry crd() {
        return crd;
    }

    ResourceDefinitionContext context() {
        return context;
    }

    /** Starts the informer, waits for its first list, then the workers. */
    void start(Duration syncTimeout) throws InterruptedException {
        FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> source =
                crd.namespaced() && !crd.namespace().isEmpty()
                        ? client.genericKubernetesResources(context).inNamespace(crd.namespace())
                        : client.genericKubernetesResources(context).inAnyNamespace();
        if (!crd.labelSelector().isEmpty()) {
            source = source.withLabels(crd.labelSelector());
        }
        if (!crd.fieldSelector().isEmpty()) {
            source = source.withFields(crd.fieldSelector());
        }
        informer = source.runnableInformer(crd.resync().toMillis());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                queue.add(Cache.metaNamespaceKeyFunc(obj));
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                queue.add(Cache.metaNamespaceKeyFunc(newObj)); // resyncs included: level-based drift correction
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                queue.add(Cache.metaNamespaceKeyFunc(obj));
            }
        });
        try {
            // completes once the first list is in the cache; fails at once when the API server cannot list the kind
            informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            informer.close();
            Throwable cause = e.getCause();
            String gvr = context.getGroup() + "/" + context.getVersion() + " " + context.getPlural();
            if (cause instanceof KubernetesClientException k && k.getCode() == 404) {
                throw new IllegalStateException(crd.name() + ": the API server does not serve " + gvr + ": is the CRD installed? "
                        + "(apply it, or set crdFile so that embedded and dev runs apply it)");
            }
            if (cause instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
                throw new IllegalStateException(crd.name() + ": not allowed to list " + gvr + " (HTTP " + k.getCode()
                        + "): check the service account's RBAC (orkestra rbac prints what it needs)");
            }
            throw new IllegalStateException(crd.name() + ": cannot list " + gvr + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            informer.close();
            throw new IllegalStateException(crd.name() + ": the informer on " + context.getGroup() + "/" + context.getVersion()
                    + " " + context.getKind() + " did not sync within " + syncTimeout);
        }
        controller.start();
        started = true;
    }

    boolean started() {
        return started;
    }

    /** Healthy while fewer than {@code failureThreshold} reconciles in a row failed. */
    boolean healthy() {
        return started && consecutiveFailures.get() < crd.operatorBox().reconciler().queue().failureThreshold();
    }

    /** Whether an owner reference points at this CRD's kind. */
    boolean owns(OwnerReference ref) {
        String group = ref.getApiVersion().contains("/") ? ref.getApiVersion().substring(0, ref.getApiVersion().indexOf('/')) : "";
        return crd.apiTypes().kind().equals(ref.getKind()) && crd.apiTypes().group().equals(group);
    }

    void enqueue(String key) {
        queue.add(key);
    }

    private GenericKubernetesResource cached(String key) {
        return informer.getStore().getByKey(key);
    }

    void stop(Duration grace) throws InterruptedException {
        controller.stop(grace);
        if (informer != null) {
            informer.close();
        }
        started = false;
    }
}
