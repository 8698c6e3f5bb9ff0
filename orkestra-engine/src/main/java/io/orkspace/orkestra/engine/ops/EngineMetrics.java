package io.orkspace.orkestra.engine.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * The engine's meters, named so that the Prometheus output carries controller-runtime's names and labels
 * ({@code controller_runtime_reconcile_total{controller,result}}, {@code workqueue_depth{name}}...): dashboards and
 * alerts written for Go operators work unchanged. Micrometer appends {@code _total} to counters and {@code _seconds}
 * to timers, so the meters are registered without those suffixes.
 *
 * <p>The meters are removed from the registry when the engine closes, so a host registry does not keep gauges of a
 * stopped engine.
 */
public final class EngineMetrics implements AutoCloseable {

    /** controller-runtime's reconcile-time buckets, in seconds. */
    private static final double[] RECONCILE_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4,
            0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25,
            30, 40, 50, 60};
    /** client-go's workqueue buckets: 10 ns to 10 s, by powers of ten. */
    private static final double[] QUEUE_BUCKETS = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus registry to scrape: the registry itself, or one inside a composite; empty when there is none. */
    public Optional<PrometheusMeterRegistry> prometheus() {
        return prometheus(registry);
    }

    private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry r) {
        if (r instanceof PrometheusMeterRegistry p) {
            return Optional.of(p);
        }
        if (r instanceof CompositeMeterRegistry c) {
            for (MeterRegistry inner : c.getRegistries()) {
                Optional<PrometheusMeterRegistry> p = prometheus(inner);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** What the meters of one controller read when scraped. */
    public interface ControllerState {
        int activeWorkers();

        int queueDepth();

        double unfinishedWorkSeconds();

        double longestRunningProcessorSeconds();
    }

    /** Registers the meters of one controller (a CRD entry); every result label starts at 0, as controller-runtime's. */
    public ControllerMetrics controller(String name, int maxConcurrentReconciles, ControllerState state) {
        Tags controller = Tags.of("controller", name);
        Tags queue = Tags.of("name", name, "controller", name);
        gauge("controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller",
                controller, () -> maxConcurrentReconciles);
        gauge("controller_runtime_active_workers", "Number of currently used workers per controller", controller,
                state::activeWorkers);
        gauge("workqueue_depth", "Current depth of workqueue", queue, state::queueDepth);
        gauge("workqueue_unfinished_work_seconds", "How many seconds of work has been done that is in progress and hasn't "
                + "been observed by work_duration. Large values indicate stuck threads.", queue, state::unfinishedWorkSeconds);
        gauge("workqueue_longest_running_processor_seconds", "How many seconds has the longest running processor for "
                + "workqueue been running.", queue, state::longestRunningProcessorSeconds);
        return new ControllerMetrics(
                counter("controller_runtime_reconcile", "Total number of reconciliations per controller",
                        controller.and("result", "success")),
                counter("controller_runtime_reconcile", "Total number of reconciliations per controller",
                        controller.and("result", "error")),
                counter("controller_runtime_reconcile", "Total number of reconciliations per controller",
                        controller.and("result", "requeue")),
                counter("controller_runtime_reconcile", "Total number of reconciliations per controller",
                        controller.and("result", "requeue_after")),
                counter("controller_runtime_reconcile_errors", "Total number of reconciliation errors per controller", controller),
                counter("controller_runtime_terminal_reconcile_errors", "Total number of terminal reconciliation errors per "
                        + "controller", controller),
                timer("controller_runtime_reconcile_time", "Length of time per reconciliation per controller", controller,
                        RECONCILE_BUCKETS),
                counter("workqueue_adds", "Total number of adds handled by workqueue", queue),
                counter("workqueue_retries", "Total number of retries handled by workqueue", queue),
                timer("workqueue_queue_duration", "How long in seconds an item stays in workqueue before being requested",
                        queue, QUEUE_BUCKETS),
                timer("workqueue_work_duration", "How long in seconds processing an item from workqueue takes", queue,
                        QUEUE_BUCKETS),
                kind -> counter("orkestra_children_applied", "Child objects written (server-side apply) per controller and "
                        + "kind", controller.and("kind", kind)),
                kind -> counter("orkestra_apply_skipped", "Child applies skipped because the informer cache already showed "
                        + "the desired state (no-op writes avoided)", controller.and("kind", kind)));
    }

    /** {@code leader_election_master_status{name}}: 1 while this replica holds the Lease, 0 otherwise. */
    public void leaderStatus(String leaseName, DoubleSupplier leading) {
        gauge("leader_election_master_status", "Gauge of if the reporting system is master of the relevant lease, 0 "
                + "indicates backup, 1 indicates master. 'name' is the string used to identify the lease.",
                Tags.of("name", leaseName), leading);
    }

    private void gauge(String name, String help, Tags tags, DoubleSupplier value) {
        meters.add(Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(help).tags(tags).strongReference(true)
                .register(registry));
    }

    private Counter counter(String name, String help, Tags tags) {
        Counter c = Counter.builder(name).description(help).tags(tags).register(registry);
        meters.add(c);
        return c;
    }

    private Timer timer(String name, String help, Tags tags, double[] bucketsSeconds) {
        Duration[] slos = new Duration[bucketsSeconds.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos(Math.round(bucketsSeconds[i] * 1e9));
        }
        Timer t = Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(slos).register(registry);
        meters.add(t);
        return t;
    }

    /** Removes this engine's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
