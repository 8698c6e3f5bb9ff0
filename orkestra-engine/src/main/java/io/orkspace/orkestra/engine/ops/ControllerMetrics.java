package io.orkspace.orkestra.engine.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The meters of one controller (one CRD entry); see {@link EngineMetrics}. Thread-safe. */
public final class ControllerMetrics {

    /** controller-runtime's {@code result} label values. */
    public enum Result {
        SUCCESS, ERROR, REQUEUE, REQUEUE_AFTER
    }

    private final Counter success;
    private final Counter error;
    private final Counter requeue;
    private final Counter requeueAfter;
    private final Counter errors;
    private final Counter terminalErrors;
    private final Timer reconcileTime;
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;
    private final Function<String, Counter> appliedByKind;
    private final Function<String, Counter> skippedByKind;
    private final Map<String, Counter> applied = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

    ControllerMetrics(Counter success, Counter error, Counter requeue, Counter requeueAfter, Counter errors,
                      Counter terminalErrors, Timer reconcileTime, Counter adds, Counter retries, Timer queueDuration,
                      Timer workDuration, Function<String, Counter> appliedByKind, Function<String, Counter> skippedByKind) {
        this.success = success;
        this.error = error;
        this.requeue = requeue;
        this.requeueAfter = requeueAfter;
        this.errors = errors;
        this.terminalErrors = terminalErrors;
        this.reconcileTime = reconcileTime;
        this.adds = adds;
        this.retries = retries;
        this.queueDuration = queueDuration;
        this.workDuration = workDuration;
        this.appliedByKind = appliedByKind;
        this.skippedByKind = skippedByKind;
    }

    /** One reconcile ended; a terminal error counts as an error and as a terminal error, as in controller-runtime. */
    public void reconciled(Result result, boolean terminal, long nanos) {
        reconcileTime.record(nanos, TimeUnit.NANOSECONDS);
        switch (result) {
            case SUCCESS -> success.increment();
            case REQUEUE -> requeue.increment();
            case REQUEUE_AFTER -> requeueAfter.increment();
            default -> {
                error.increment();
                errors.increment();
                if (terminal) {
                    terminalErrors.increment();
                }
            }
        }
    }

    public void added() {
        adds.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void queued(long nanos) {
        queueDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void worked(long nanos) {
        workDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A child of this kind was written. */
    public void childApplied(String kind) {
        applied.computeIfAbsent(kind, appliedByKind).increment();
    }

    /** A child of this kind was already as desired: no write. */
    public void applySkipped(String kind) {
        skipped.computeIfAbsent(kind, skippedByKind).increment();
    }

    /** The counts, for the introspection API. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reconcileSuccess", (long) success.count());
        out.put("reconcileError", (long) error.count());
        out.put("reconcileRequeueAfter", (long) requeueAfter.count());
        out.put("terminalErrors", (long) terminalErrors.count());
        out.put("reconcileSecondsTotal", reconcileTime.totalTime(TimeUnit.SECONDS));
        out.put("queueAdds", (long) adds.count());
        out.put("queueRetries", (long) retries.count());
        out.put("childrenApplied", (long) applied.values().stream().mapToDouble(Counter::count).sum());
        out.put("applySkipped", (long) skipped.values().stream().mapToDouble(Counter::count).sum());
        return out;
    }
}
