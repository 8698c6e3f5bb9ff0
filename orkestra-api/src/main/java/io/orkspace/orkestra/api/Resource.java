package io.orkspace.orkestra.api;

import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a custom resource: typed accessors for what every CR has, and the whole object as a map.
 */
public interface Resource {

    String apiVersion();

    String kind();

    String name();

    /** The namespace, or null for a cluster-scoped CR. */
    String namespace();

    String uid();

    /** {@code metadata.generation} (0 when the server sets none). */
    long generation();

    Map<String, String> labels();

    Map<String, String> annotations();

    /** {@code spec}, empty when absent. */
    Map<String, Object> spec();

    /** {@code status}, empty when absent. */
    Map<String, Object> status();

    /**
     * A value by dotted path, {@code spec.database.size} or {@code metadata.labels.app}; empty when any step is
     * missing or not a map.
     */
    Optional<Object> get(String dottedPath);

    /** The whole object, as the API server returns it (unmodifiable). */
    Map<String, Object> asMap();
}
