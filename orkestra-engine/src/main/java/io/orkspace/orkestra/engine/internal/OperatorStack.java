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
import io.orkspace.orkestra.engine.ops.ControllerMetrics;
import io.orkspace.orkestra.engine.ops.EngineMetrics;
import io.orkspace.orkestra.engine.ops.OperatorView;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.registry.ChildRenderer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator of one CRD entry: an informer on its exact GVK, a rate-limited work queue, a worker pool and the
 * declarative reconciler. The infrastructure (client, child caches, event recorder, timer, metrics) is shared.
 * The informer and the workers start separately: a follower (leader election) keeps its cache and queue warm and runs
 * no worker until it leads.
 */
final class OperatorStack implements OperatorView {

    private final CrdEntry crd;
    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final WorkQueue<String> queue;
    private final Controller controller;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ChildCache children;
    private final ControllerMetrics metrics;
    /** {@code operatorBox.observe}: null when the entry observes nothing. */
    private final Observer observer;
    private SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile boolean started;
    private volatile boolean workersRunning;

    OperatorStack(CrdEntry crd, KubernetesClient client, ChildCache children, ServedKinds served, ChildRenderer renderer, EventRecorder events,
                  ScheduledExecutorService timer, EngineOptions options, String fieldManager, CrdHooks hooks,
                  EngineMetrics engineMetrics, java.util.concurrent.ThreadFactory workerThreads, ObservedInformers observed) {
        this.crd = crd;
        this.client = client;
        this.context = new ResourceDefinitionContext.Builder()
                .withGroup(crd.apiTypes().group()).withVersion(crd.apiTypes().version())
                .withKind(crd.apiTypes().kind()).withPlural(crd.apiTypes().plural())
                .withNamespaced(crd.namespaced()).build();
        this.children = children;
        this.queue = new WorkQueue<>(timer, RateLimiter.defaults(), crd.operatorBox().reconciler().queue().maxDepth(), new WorkQueue.Listener<>() {
            @Override
            public void added(String key) {
                meters().added();
            }

            @Override
            public void retried(String key) {
                meters().retried();
            }

            @Override
            public void taken(String key, long waitedNanos) {
                meters().queued(waitedNanos);
            }

            @Override
            public void finished(String key, long workedNanos) {
                meters().worked(workedNanos);
            }
        });
        this.observer = crd.operatorBox().observe().isEmpty() ? null : new Observer(crd, observed,
                new KeyRouting(crd.apiTypes(), crd.namespaced(), new KeyRouting.Primaries() {
                    @Override
                    public java.util.Collection<String> keys() {
                        return informer == null ? List.of() : informer.getStore().listKeys();
                    }

                    @Override
                    public boolean has(String key) {
                        return informer != null && informer.getStore().getByKey(key) != null;
                    }
                }), this::enqueue, options.eventComponent());
        DeclarativeReconciler reconciler = new DeclarativeReconciler(crd, client, context, this::cached,
                observer == null ? (key, cr) -> cr : observer::templateData, children, served, renderer, events,
                fieldManager, hooks, (kind, wrote) -> {
                    if (wrote) {
                        meters().childApplied(kind);
                    } else {
                        meters().applySkipped(kind);
                    }
                });
        this.controller = new Controller(crd.name(), crd.workers(), queue, reconciler, workerThreads,
                new Controller.Listener() {
                    @Override
                    public void reconciled(String key, long nanos, Controller.Outcome outcome, Throwable error) {
                        if (outcome == Controller.Outcome.ERROR || outcome == Controller.Outcome.TERMINAL_ERROR) {
                            consecutiveFailures.incrementAndGet();
                        } else {
                            consecutiveFailures.set(0);
                        }
                        meters().reconciled(switch (outcome) {
                            case SUCCESS -> ControllerMetrics.Result.SUCCESS;
                            case REQUEUE_AFTER -> ControllerMetrics.Result.REQUEUE_AFTER;
                            default -> ControllerMetrics.Result.ERROR;
                        }, outcome == Controller.Outcome.TERMINAL_ERROR, nanos);
                    }
                });
        this.metrics = engineMetrics.controller(crd.name(), crd.workers(), new EngineMetrics.ControllerState() {
            @Override
            public int activeWorkers() {
                return controller.activeWorkers();
            }

            @Override
            public int queueDepth() {
                return queue.len();
            }

            @Override
            public double unfinishedWorkSeconds() {
                return queue.unfinishedWorkSeconds();
            }

            @Override
            public double longestRunningProcessorSeconds() {
                return queue.longestRunningProcessorSeconds();
            }
        });
    }

    private ControllerMetrics meters() {
        return metrics;
    }

    CrdEntry crd() {
        return crd;
    }

    ResourceDefinitionContext context() {
        return context;
    }

    /** Starts the informer and waits for its first list; the workers start with {@link #startWorkers()}. */
    void startInformer(Duration syncTimeout) throws InterruptedException {
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
        if (observer != null) {
            try {
                observer.start(syncTimeout); // after the CRs are cached: a change maps to the CRs the informer holds
            } catch (IllegalStateException | InterruptedException e) {
                observer.stop();
                informer.close();
                throw e;
            }
        }
        started = true;
    }

    /** Runs the workers (this replica leads, or there is no leader election). */
    void startWorkers() {
        controller.start();
        workersRunning = true;
    }

    /** Stops the workers, keeps the informer and queue (this replica no longer leads). */
    void pauseWorkers(Duration grace) throws InterruptedException {
        workersRunning = false;
        controller.pause(grace);
    }

    @Override
    public String name() {
        return crd.name();
    }

    @Override
    public boolean started() {
        return started;
    }

    /** Healthy while fewer than {@code failureThreshold} reconciles in a row failed. */
    @Override
    public boolean healthy() {
        return started && consecutiveFailures.get() < failureThreshold();
    }

    @Override
    public boolean workersRunning() {
        return workersRunning;
    }

    @Override
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    @Override
    public int failureThreshold() {
        return crd.operatorBox().reconciler().queue().failureThreshold();
    }

    @Override
    public int queueDepth() {
        return queue.len();
    }

    @Override
    public int activeWorkers() {
        return controller.activeWorkers();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("group", crd.apiTypes().group());
        c.put("version", crd.apiTypes().version());
        c.put("kind", crd.apiTypes().kind());
        c.put("plural", crd.apiTypes().plural());
        c.put("namespaced", crd.namespaced());
        if (crd.namespaced() && !crd.namespace().isEmpty()) {
            c.put("namespace", crd.namespace());
        }
        c.put("workers", crd.workers());
        c.put("resync", crd.resync().toString());
        c.put("maxDepth", crd.operatorBox().reconciler().queue().maxDepth());
        c.put("failureThreshold", failureThreshold());
        c.put("dependsOn", crd.dependsOn().stream().map(d -> d.crd() + " (" + d.condition().name().toLowerCase() + ")").toList());
        c.put("onCreate", crd.operatorBox().onCreate().entries().size());
        c.put("onReconcile", crd.operatorBox().onReconcile().entries().size());
        c.put("onDelete", crd.operatorBox().onDelete().allEntries().size());
        c.put("hooks", crd.operatorBox().reconciler().hooks().isPresent());
        return c;
    }

    @Override
    public Map<String, Object> metrics() {
        return metrics.snapshot();
    }

    @Override
    public List<String> keys() {
        return informer == null ? List.of() : informer.getStore().listKeys().stream().sorted().toList();
    }

    @Override
    public Optional<Map<String, Object>> cr(String key) {
        GenericKubernetesResource cr = informer == null ? null : informer.getStore().getByKey(key);
        return Optional.ofNullable(cr).map(DeclarativeReconciler::asMap);
    }

    @Override
    public List<Map<String, Object>> children(String uid) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GenericKubernetesResource c : children.ownedBy(uid)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("apiVersion", c.getApiVersion());
            m.put("kind", c.getKind());
            if (c.getMetadata().getNamespace() != null) {
                m.put("namespace", c.getMetadata().getNamespace());
            }
            m.put("name", c.getMetadata().getName());
            m.put("uid", c.getMetadata().getUid());
            m.put("resourceVersion", c.getMetadata().getResourceVersion());
            m.put("creationTimestamp", c.getMetadata().getCreationTimestamp());
            if (c.getMetadata().getDeletionTimestamp() != null) {
                m.put("deletionTimestamp", c.getMetadata().getDeletionTimestamp());
            }
            out.add(m); // metadata only: a Secret's data never leaves through this API
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("kind"))).thenComparing(m -> String.valueOf(m.get("name"))));
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> events(Map<String, Object> cr, int limit) {
        Map<String, Object> meta = (Map<String, Object>) cr.getOrDefault("metadata", Map.of());
        Object uid = meta.get("uid");
        String namespace = meta.get("namespace") == null ? "default" : String.valueOf(meta.get("namespace"));
        if (uid == null) {
            return List.of();
        }
        try {
            return client.v1().events().inNamespace(namespace).withField("involvedObject.uid", String.valueOf(uid)).list()
                    .getItems().stream()
                    .sorted(Comparator.comparing((io.fabric8.kubernetes.api.model.Event e) -> e.getLastTimestamp() == null ? ""
                            : e.getLastTimestamp()).reversed())
                    .limit(limit)
                    .map(e -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("type", e.getType());
                        m.put("reason", e.getReason());
                        m.put("message", e.getMessage());
                        m.put("count", e.getCount());
                        m.put("firstTimestamp", e.getFirstTimestamp());
                        m.put("lastTimestamp", e.getLastTimestamp());
                        return m;
                    }).toList();
        } catch (KubernetesClientException e) {
            return List.of(Map.of("error", "cannot list events: HTTP " + e.getCode()));
        }
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
        workersRunning = false;
        controller.stop(grace);
        if (observer != null) {
            observer.stop();
        }
        if (informer != null) {
            informer.close();
        }
        started = false;
    }
}
