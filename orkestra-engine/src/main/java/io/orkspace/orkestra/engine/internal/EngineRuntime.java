package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.LeaderElectionOptions;
import io.orkspace.orkestra.engine.ops.EngineMetrics;
import io.orkspace.orkestra.engine.ops.EngineView;
import io.orkspace.orkestra.engine.ops.LeaderElection;
import io.orkspace.orkestra.engine.ops.OperatorView;
import io.orkspace.orkestra.engine.ops.OpsRoutes;
import io.orkspace.orkestra.engine.ops.OpsServer;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Dependency;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.KindHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The running engine: shared infrastructure (client, child caches, event recorder, timer, metrics, the operations
 * HTTP server, leader election) and one {@link OperatorStack} per enabled CRD entry, started in {@code dependsOn}
 * order. With leader election, every replica syncs its informers and only the leader runs workers. Not part of the
 * public API: use {@code io.orkspace.orkestra.engine.Orkestra}.
 */
public final class EngineRuntime implements AutoCloseable, EngineView {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);

    private final KubernetesClient client;
    private final Katalog katalog;
    private final EngineOptions options;
    /** CRDs, setup files and sample CRs of a dev or embedded run. */
    private final ClusterSetup setup;
    private final KindHandlers handlers;
    private final ChildRenderer renderer;
    private final EventRecorder events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orkestra-queue-timer");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by itself; read by the ops server and the child router, written by start and close. */
    private final Map<String, OperatorStack> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ChildCache children;
    /** The informers of {@code operatorBox.observe}, shared by the entries that watch the same thing. */
    private final ObservedInformers observed;
    /** The custom entries' kinds: discovered at start (scope, informer), or waited for while not served. */
    private final ServedKinds served;

    private final HookRegistry hooks;
    private final HookInvoker hookInvoker;

    private final EngineMetrics metrics;
    private final Map<String, BooleanSupplier> readinessChecks = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Starting and pausing workers, and the decision to stop, happen under this lock (never under {@code this}). */
    private final Object workersLock = new Object();
    private final AtomicBoolean crFilesApplied = new AtomicBoolean();
    private volatile OpsServer ops;
    private volatile LeaderElection election;
    private volatile boolean startupComplete;
    private volatile boolean stopping;
    private volatile long lastTick = System.nanoTime();

    public EngineRuntime(KubernetesClient client, Katalog katalog, TemplateEngine templates, EngineOptions options,
                         HookRegistry hooks) {
        this(client, katalog, templates, options, hooks, null, Map.of());
    }

    /**
     * @param registry        where the meters go (the host's); null: a new Prometheus registry
     * @param readinessChecks extra checks of {@code /readyz}, by name
     */
    public EngineRuntime(KubernetesClient client, Katalog katalog, TemplateEngine templates, EngineOptions options,
                         HookRegistry hooks, MeterRegistry registry, Map<String, BooleanSupplier> readinessChecks) {
        this.metrics = new EngineMetrics(registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        this.readinessChecks.putAll(readinessChecks);
        this.client = client;
        this.katalog = katalog;
        this.options = options;
        this.setup = new ClusterSetup(client, options);
        this.events = new EventRecorder(client, options.eventComponent());
        this.hooks = hooks;
        this.hookInvoker = new HookInvoker(client, events, options.hookTimeout());
        this.observed = new ObservedInformers(client);
        this.children = new ChildCache(client, (ref, namespace) -> snapshot().stream().filter(s -> s.owns(ref)).forEach(
                s -> s.enqueue(s.crd().namespaced() && namespace != null && !namespace.isEmpty() ? namespace + "/" + ref.getName() : ref.getName())));
        this.served = new ServedKinds(client, children, options.syncTimeout(), this::reconcileDeclaring);
        this.handlers = KindHandlers.builtIn(served);
        this.renderer = new ChildRenderer(handlers, templates);
    }

    /**
     * Starts every enabled CRD entry's operator; returns once all informers synced and, without leader election, the
     * workers run (with it, they run while this replica leads). The operations ports are bound first, so probes
     * answer while the informers sync.
     */
    public synchronized void start() throws InterruptedException {
        List<CrdEntry> order = startOrder(katalog.enabledCrds());
        hooks.requireAll(order); // before touching the cluster: a missing hook is a configuration error
        if (options.healthPort() != EngineOptions.DISABLED || options.metricsPort() != EngineOptions.DISABLED) {
            ops = OpsServer.start("0.0.0.0", options.healthPort(), options.metricsPort(), new OpsRoutes(this, metrics));
            if (options.metricsPort() != EngineOptions.DISABLED && metrics.prometheus().isEmpty()) {
                LOG.warn("metrics go to the host's MeterRegistry, which is not a Prometheus registry: /metrics answers 404");
            }
        }
        timer.scheduleAtFixedRate(() -> lastTick = System.nanoTime(), 0, 1, TimeUnit.SECONDS);
        if (options.applyFiles()) {
            for (CrdEntry crd : order) {
                crd.crdFile().ifPresent(setup::applyCrd);
            }
            setup.generateMissingCrds(order);
        }
        // setup: prerequisite objects (a namespace, a ConfigMap the children read...) applied before the operators start
        for (CrdEntry crd : order) {
            crd.setup().forEach(setup::applyFile);
        }
        for (CrdEntry crd : order) {
            for (ResourceEntry e : allEntries(crd)) {
                handlers.kindOf(e).filter(k -> !k.custom()).ifPresent(k -> children.watch(k.apiVersion(), k.kind()));
            }
            crd.operatorBox().reconciler().hooks().ifPresent(h -> h.managedResources().forEach(m -> children.watch(m.apiVersion(), m.kind())));
            crd.operatorBox().reconciler().constructor().ifPresent(h -> h.managedResources().forEach(m -> children.watch(m.apiVersion(), m.kind())));
        }
        served.start(ServedKinds.customKinds(handlers, order.stream().flatMap(c -> allEntries(c).stream()).toList()));
        if (!children.awaitSynced(options.syncTimeout())) {
            throw new IllegalStateException("child informers did not sync within " + options.syncTimeout());
        }
        LeaderElectionOptions le = options.leaderElection();
        for (CrdEntry crd : order) {
            OperatorStack stack = new OperatorStack(crd, client, children, served, renderer, events, timer, options,
                    fieldManager(crd, order), CrdHooks.of(crd, hooks, hookInvoker), metrics, workerThreads, observed);
            stacks.put(crd.name(), stack);
            awaitDependencies(crd);
            stack.startInformer(options.syncTimeout());
            if (!le.enabled()) {
                synchronized (workersLock) {
                    stack.startWorkers();
                }
            }
            LOG.info("{}: operator started for {} {}{}", crd.name(), crd.apiTypes().apiVersion(), crd.apiTypes().kind(),
                    le.enabled() ? " (workers run while this replica leads)" : "");
        }
        if (le.enabled()) {
            String leaseName = le.leaseName() != null ? le.leaseName() : defaultLeaseName(katalog.name());
            LeaderElection e = new LeaderElection(client, leaseNamespace(le), leaseName, identity(le), le.leaseDuration(),
                    le.renewDeadline(), le.retryPeriod(), this::leadershipStarted, () -> leadershipStopped(le));
            metrics.leaderStatus(leaseName, () -> e.leading() ? 1 : 0);
            election = e;
            e.start();
        } else {
            applyCrFiles();
        }
        startupComplete = true;
    }

    private void applyCrFiles() {
        if (options.applyFiles() && crFilesApplied.compareAndSet(false, true)) {
            startOrder(katalog.enabledCrds()).forEach(crd -> crd.crFiles().forEach(setup::applyFile));
        }
    }

    /** This replica now leads: run the workers (dependencies first) and, in dev mode, apply the sample CRs once. */
    private void leadershipStarted() {
        synchronized (workersLock) {
            if (stopping) {
                return;
            }
            snapshot().forEach(OperatorStack::startWorkers);
        }
        try {
            applyCrFiles();
        } catch (IllegalStateException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    /**
     * This replica no longer leads: stop the workers at once. In-flight reconciles get what is left of the lease
     * (leaseDuration - renewDeadline, before another replica can acquire it), then are interrupted.
     */
    private void leadershipStopped(LeaderElectionOptions le) {
        Duration grace = le.leaseDuration().minus(le.renewDeadline());
        if (grace.compareTo(options.shutdownGrace()) > 0) {
            grace = options.shutdownGrace();
        }
        synchronized (workersLock) {
            for (OperatorStack s : snapshot()) {
                try {
                    s.pauseWorkers(grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** {@code orkestra-<katalog name>}, made a valid object name. */
    static String defaultLeaseName(String katalogName) {
        String base = katalogName == null ? "" : katalogName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        String name = base.isEmpty() ? "orkestra" : "orkestra-" + base;
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    private String leaseNamespace(LeaderElectionOptions le) {
        if (le.leaseNamespace() != null && !le.leaseNamespace().isBlank()) {
            return le.leaseNamespace();
        }
        String env = System.getenv("POD_NAMESPACE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Path sa = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
        try {
            if (Files.isReadable(sa)) {
                String ns = Files.readString(sa).trim();
                if (!ns.isEmpty()) {
                    return ns;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", sa, e.getMessage());
        }
        return client.getNamespace() != null ? client.getNamespace() : "default";
    }

    private static String identity(LeaderElectionOptions le) {
        if (le.identity() != null && !le.identity().isBlank()) {
            return le.identity();
        }
        for (String env : List.of("POD_NAME", "HOSTNAME")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "orkestra-" + UUID.randomUUID();
        }
    }

    /** Adds a check to {@code /readyz} (e.g. the webhook's "certificate loaded"). */
    /**
     * Where the reconcile workers' threads come from (the host's, when embedded); the engine names them
     * {@code orkestra-<crd>-worker-<n>}. Set before {@link #start()}.
     */
    public void workerThreads(java.util.concurrent.ThreadFactory factory) {
        this.workerThreads = java.util.Objects.requireNonNull(factory, "factory");
    }

    private java.util.concurrent.ThreadFactory workerThreads = java.util.concurrent.Executors.defaultThreadFactory();

    public void addReadinessCheck(String name, BooleanSupplier check) {
        readinessChecks.put(name, check);
    }

    /** The bound health port, or -1. */
    public int healthPort() {
        OpsServer s = ops;
        return s == null ? -1 : s.healthPort();
    }

    /** The bound metrics port, or -1. */
    public int metricsPort() {
        OpsServer s = ops;
        return s == null ? -1 : s.metricsPort();
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Whether this engine runs its workers: it leads, or there is no leader election. */
    public boolean leading() {
        LeaderElection e = election;
        return e == null ? startupComplete && !stopping : e.leading();
    }

    private List<OperatorStack> snapshot() {
        synchronized (stacks) {
            return new ArrayList<>(stacks.values());
        }
    }

    // ---- EngineView (read by the ops server) ----

    @Override
    public String katalogName() {
        return katalog.name();
    }

    @Override
    public java.util.Optional<Path> katalogSource() {
        return java.util.Optional.ofNullable(katalog.source());
    }

    @Override
    public boolean startupComplete() {
        return startupComplete;
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public boolean alive() {
        return System.nanoTime() - lastTick < TimeUnit.SECONDS.toNanos(10);
    }

    @Override
    public List<OperatorView> operators() {
        return new ArrayList<>(snapshot());
    }

    @Override
    public Optional<LeaderElection> leaderElection() {
        return Optional.ofNullable(election);
    }

    @Override
    public Map<String, BooleanSupplier> readinessChecks() {
        synchronized (readinessChecks) {
            return new LinkedHashMap<>(readinessChecks);
        }
    }

    /** CRD entry name → started / healthy. */
    public Map<String, Boolean> health() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        snapshot().forEach(s -> out.put(s.crd().name(), s.healthy()));
        return out;
    }

    private void awaitDependencies(CrdEntry crd) throws InterruptedException {
        long deadline = System.nanoTime() + options.syncTimeout().toNanos();
        for (Dependency d : crd.dependsOn()) {
            OperatorStack dep = stacks.get(d.crd());
            while (dep == null || !(d.condition() == Dependency.When.HEALTHY ? dep.healthy() : dep.started())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(crd.name() + " depends on " + d.crd() + " (" + d.condition().name().toLowerCase()
                            + "), which did not become so within " + options.syncTimeout());
                }
                Thread.sleep(20);
                dep = stacks.get(d.crd());
            }
        }
    }

    /**
     * The server-side apply field manager of an entry: {@code orkestra}, or {@code orkestra-<entry>} when several entries
     * reconcile the same kind (one per version of a multi-version CRD): each then owns the fields it sets, and two
     * entries that set the same child differently share it instead of undoing each other's apply forever.
     */
    private String fieldManager(CrdEntry crd, List<CrdEntry> all) {
        boolean shared = all.stream().anyMatch(o -> o != crd && o.apiTypes().group().equals(crd.apiTypes().group())
                && o.apiTypes().kind().equals(crd.apiTypes().kind()));
        return shared ? options.fieldManager() + "-" + crd.name() : options.fieldManager();
    }

    /** Dependencies first (the loader rejected cycles); otherwise the order written. */
    private static List<CrdEntry> startOrder(List<CrdEntry> enabled) {
        Map<String, CrdEntry> byName = new LinkedHashMap<>();
        enabled.forEach(e -> byName.put(e.name(), e));
        List<CrdEntry> out = new ArrayList<>();
        for (CrdEntry e : enabled) {
            visit(e, byName, out);
        }
        return out;
    }

    private static void visit(CrdEntry e, Map<String, CrdEntry> byName, List<CrdEntry> out) {
        if (out.contains(e)) {
            return;
        }
        for (Dependency d : e.dependsOn()) {
            CrdEntry dep = byName.get(d.crd());
            if (dep != null) {
                visit(dep, byName, out);
            }
        }
        out.add(e);
    }

    /** A custom kind is served now: every CR of the CRD entries that declare it is reconciled. */
    private void reconcileDeclaring(io.orkspace.orkestra.registry.ChildKind kind) {
        for (OperatorStack s : snapshot()) {
            if (ServedKinds.customKinds(handlers, allEntries(s.crd())).contains(kind)) {
                s.keys().forEach(s::enqueue);
            }
        }
    }

    private static List<ResourceEntry> allEntries(CrdEntry crd) {
        List<ResourceEntry> all = new ArrayList<>(crd.operatorBox().onCreate().entries());
        all.addAll(crd.operatorBox().onReconcile().entries());
        all.addAll(crd.operatorBox().onDelete().allEntries());
        return all;
    }

    /**
     * Stops taking work, waits for in-flight reconciles (up to the grace period), releases the Lease (after the workers
     * stopped: from then on another replica may write), closes informers, removes the meters and closes the ports.
     */
    @Override
    public synchronized void close() {
        synchronized (workersLock) {
            stopping = true;
        }
        List<OperatorStack> reverse = snapshot();
        java.util.Collections.reverse(reverse);
        for (OperatorStack s : reverse) {
            try {
                s.stop(options.shutdownGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LeaderElection e = election;
        if (e != null) {
            e.close();
        }
        stacks.clear();
        observed.close();
        served.close();
        children.close();
        hookInvoker.close();
        timer.shutdownNow();
        metrics.close();
        OpsServer s = ops;
        if (s != null) {
            s.close();
        }
    }

}
