package io.orkspace.orkestra.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** The latencies of one verb, gathered from all clients, with the failed requests counted by HTTP code. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;
    private final Map<Integer, Integer> failures = new TreeMap<>();
    private long wallNanos;

    synchronized void add(long nanos) {
        if (size == this.nanos.length) {
            this.nanos = Arrays.copyOf(this.nanos, size * 2);
        }
        this.nanos[size++] = nanos;
    }

    synchronized void fail(int code) {
        failures.merge(code, 1, Integer::sum);
    }

    /** The wall-clock time of the whole phase, for the throughput. */
    synchronized void wall(long nanos) {
        wallNanos = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Map<Integer, Integer> failures() {
        return new TreeMap<>(failures);
    }

    /** The nearest-rank percentile in milliseconds, or NaN when no request succeeded. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** Successful requests per second over the phase. */
    synchronized double perSecond() {
        return wallNanos == 0 ? Double.NaN : size / (wallNanos / 1e9);
    }
}
