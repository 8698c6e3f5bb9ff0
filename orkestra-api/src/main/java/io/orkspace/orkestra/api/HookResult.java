package io.orkspace.orkestra.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hook call produced: done, come back later, or failed; plus status fields to merge into the CR's
 * {@code status}. Immutable.
 *
 * <pre>{@code
 * return HookResult.done().withStatus("endpoint", url);
 * return HookResult.requeueAfter(Duration.ofSeconds(30));          // not ready yet: call me again
 * return HookResult.error("QuotaExceeded", "the account has no DNS zones left");
 * }</pre>
 */
public final class HookResult {

    private static final HookResult DONE = new HookResult(null, null, null, Map.of());

    private final Duration requeueAfter;
    private final String errorReason;
    private final String errorMessage;
    private final Map<String, Object> status;

    private HookResult(Duration requeueAfter, String errorReason, String errorMessage, Map<String, Object> status) {
        this.requeueAfter = requeueAfter;
        this.errorReason = errorReason;
        this.errorMessage = errorMessage;
        this.status = status;
    }

    /** The work is done for now; the engine calls again on the next change or resync. */
    public static HookResult done() {
        return DONE;
    }

    /** Call again after this delay (polling something outside the cluster). */
    public static HookResult requeueAfter(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("requeueAfter needs a positive delay, got " + delay);
        }
        return new HookResult(delay, null, null, Map.of());
    }

    /**
     * The hook failed: the CR gets {@code Ready=False} with this reason (a CamelCase word) and message, a Warning
     * Event, and the call is retried with backoff.
     */
    public static HookResult error(String reason, String message) {
        Objects.requireNonNull(reason, "reason");
        return new HookResult(null, reason, message == null ? reason : message, Map.of());
    }

    /** The same result, also merging {@code field: value} into the CR's status. */
    public HookResult withStatus(String field, Object value) {
        Map<String, Object> merged = new LinkedHashMap<>(status);
        merged.put(Objects.requireNonNull(field, "field"), value);
        return new HookResult(requeueAfter, errorReason, errorMessage, Collections.unmodifiableMap(merged));
    }

    /** The same result, also merging these fields into the CR's status. */
    public HookResult withStatus(Map<String, ?> fields) {
        Map<String, Object> merged = new LinkedHashMap<>(status);
        merged.putAll(fields);
        return new HookResult(requeueAfter, errorReason, errorMessage, Collections.unmodifiableMap(merged));
    }

    public Optional<Duration> requeueAfter() {
        return Optional.ofNullable(requeueAfter);
    }

    public boolean failed() {
        return errorReason != null;
    }

    /** The failure's reason, null unless {@link #failed()}. */
    public String errorReason() {
        return errorReason;
    }

    /** The failure's message, null unless {@link #failed()}. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Status fields to merge (unmodifiable). */
    public Map<String, Object> status() {
        return status;
    }

    @Override
    public String toString() {
        return failed() ? "error(" + errorReason + ": " + errorMessage + ")"
                : requeueAfter != null ? "requeueAfter(" + requeueAfter + ")" : "done" + (status.isEmpty() ? "" : " " + status);
    }
}
