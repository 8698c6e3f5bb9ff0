package io.orkspace.orkestra.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an engine that are not in the Katalog. One record, one defaults constant; each setting keeps one name.
 *
 * @param fieldManager    the server-side apply field manager of every write ({@code orkestra})
 * @param shutdownGrace   how long {@code stop()} waits for in-flight reconciles
 * @param syncTimeout     how long start waits for the informers' first list
 * @param applyFiles      dev/embedded mode: apply each CRD entry's {@code crdFile} before starting and its
 *                        {@code crFiles} once the operators run
 * @param eventComponent  the {@code source.component} of recorded Events
 * @param hookTimeout     how long a Java hook may run before it counts as failed (it is interrupted)
 * @param healthPort      the port of {@code /healthz}, {@code /readyz} and the introspection API ({@value #HEALTH_PORT}
 *                        in a deployment); 0 picks a free port, {@value #DISABLED} serves nothing
 * @param metricsPort     the port of the Prometheus {@code /metrics} ({@value #METRICS_PORT} in a deployment); 0 picks a
 *                        free port, {@value #DISABLED} serves nothing (the metrics still go to the MeterRegistry). The
 *                        same port as {@code healthPort} serves everything on one port.
 * @param leaderElection  leader election on a Lease ({@link LeaderElectionOptions#DISABLED} by default)
 */
public record EngineOptions(String fieldManager, Duration shutdownGrace, Duration syncTimeout, boolean applyFiles,
                            String eventComponent, Duration hookTimeout, int healthPort, int metricsPort,
                            LeaderElectionOptions leaderElection) {

    /** The health port of a deployment (the launcher's default). */
    public static final int HEALTH_PORT = 8081;
    /** The metrics port of a deployment (the launcher's default). */
    public static final int METRICS_PORT = 8080;
    /** A port value that turns the server off. */
    public static final int DISABLED = -1;

    /**
     * An embedded engine serves no port and elects no leader: the host application has its own HTTP server, probes and
     * MeterRegistry. {@code orkestra run} turns the ports on.
     */
    public static final EngineOptions DEFAULTS = new EngineOptions("orkestra", Duration.ofSeconds(30), Duration.ofMinutes(2),
            false, "orkestra", Duration.ofSeconds(30), DISABLED, DISABLED, LeaderElectionOptions.DISABLED);

    public EngineOptions {
        Objects.requireNonNull(leaderElection, "leaderElection");
        checkPort("healthPort", healthPort);
        checkPort("metricsPort", metricsPort);
    }

    /** The settings that predate the operations ones: no ports, no leader election. */
    public EngineOptions(String fieldManager, Duration shutdownGrace, Duration syncTimeout, boolean applyFiles,
                         String eventComponent, Duration hookTimeout) {
        this(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, hookTimeout, DISABLED, DISABLED,
                LeaderElectionOptions.DISABLED);
    }

    private static void checkPort(String name, int port) {
        if (port < DISABLED || port > 65535) {
            throw new IllegalArgumentException(name + " must be -1 (off), 0 (a free port) or 1-65535, not " + port);
        }
    }

    public EngineOptions withApplyFiles(boolean apply) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, apply, eventComponent, hookTimeout, healthPort,
                metricsPort, leaderElection);
    }

    public EngineOptions withHookTimeout(Duration timeout) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, timeout, healthPort,
                metricsPort, leaderElection);
    }

    public EngineOptions withHealthPort(int port) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, hookTimeout, port,
                metricsPort, leaderElection);
    }

    public EngineOptions withMetricsPort(int port) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, hookTimeout, healthPort,
                port, leaderElection);
    }

    public EngineOptions withLeaderElection(LeaderElectionOptions election) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, hookTimeout, healthPort,
                metricsPort, election);
    }

    public EngineOptions withShutdownGrace(Duration grace) {
        return new EngineOptions(fieldManager, grace, syncTimeout, applyFiles, eventComponent, hookTimeout, healthPort,
                metricsPort, leaderElection);
    }

    public EngineOptions withFieldManager(String manager) {
        return new EngineOptions(manager, shutdownGrace, syncTimeout, applyFiles, eventComponent, hookTimeout, healthPort,
                metricsPort, leaderElection);
    }
}
