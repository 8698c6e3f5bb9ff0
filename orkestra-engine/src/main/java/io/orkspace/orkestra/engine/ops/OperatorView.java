package io.orkspace.orkestra.engine.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One CRD entry's operator as the introspection API shows it. Reads come from informer caches, never from writes. */
public interface OperatorView {

    /** The CRD entry's name in the Katalog. */
    String name();

    /** {@code group}, {@code version}, {@code kind}, {@code plural}, {@code namespaced}, {@code workers}... */
    Map<String, Object> config();

    /** The informer synced (the cache is warm). */
    boolean started();

    /** Started, and fewer than {@link #failureThreshold()} reconciles in a row failed. */
    boolean healthy();

    /** Workers are running (false on a follower). */
    boolean workersRunning();

    int consecutiveFailures();

    int failureThreshold();

    int queueDepth();

    int activeWorkers();

    /** Reconcile and write counts. */
    Map<String, Object> metrics();

    /** The cached CRs' keys ({@code namespace/name}, or {@code name} when cluster-scoped). */
    List<String> keys();

    /** A CR from the cache, as a JSON-like map. */
    Optional<Map<String, Object>> cr(String key);

    /** The cached children of the CR with this uid, as {@code apiVersion, kind, namespace, name, ...} maps. */
    List<Map<String, Object>> children(String uid);

    /** The latest Events about the CR (newest first, at most {@code limit}); a read, or empty when it fails. */
    List<Map<String, Object>> events(Map<String, Object> cr, int limit);
}
