package io.orkspace.orkestra.engine.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the health and introspection endpoints read from a running engine. Read-only: nothing reached through it
 * writes to the cluster.
 */
public interface EngineView {

    /** The Katalog's {@code metadata.name}. */
    String katalogName();

    /** The Katalog file the engine runs, when it was loaded from one (for {@code /katalog/raw}). */
    default java.util.Optional<java.nio.file.Path> katalogSource() {
        return java.util.Optional.empty();
    }

    /** {@code start()} finished: every operator's informer synced and, without leader election, its workers run. */
    boolean startupComplete();

    /** {@code stop()} began. */
    boolean stopping();

    /** The engine's own threads respond (its timer ticked recently). */
    boolean alive();

    /** The operators, one per enabled CRD entry, in start order (those started so far). */
    List<OperatorView> operators();

    default Optional<OperatorView> operator(String name) {
        return operators().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** Leader election, or empty when it is off. */
    Optional<LeaderElection> leaderElection();

    /** Extra readiness checks (e.g. "webhook-certificate"), by name: true when ready. */
    Map<String, java.util.function.BooleanSupplier> readinessChecks();
}
