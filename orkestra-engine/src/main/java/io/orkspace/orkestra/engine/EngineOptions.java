package io.orkspace.orkestra.engine;

import java.time.Duration;

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
 */
public record EngineOptions(String fieldManager, Duration shutdownGrace, Duration syncTimeout, boolean applyFiles,
                            String eventComponent, Duration hookTimeout) {

    public static final EngineOptions DEFAULTS = new EngineOptions("orkestra", Duration.ofSeconds(30), Duration.ofMinutes(2),
            false, "orkestra", Duration.ofSeconds(30));

    public EngineOptions withApplyFiles(boolean apply) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, apply, eventComponent, hookTimeout);
    }

    public EngineOptions withHookTimeout(Duration timeout) {
        return new EngineOptions(fieldManager, shutdownGrace, syncTimeout, applyFiles, eventComponent, timeout);
    }
}
