package io.orkspace.orkestra.engine.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue of keys with client-go's guarantees:
 * <ul>
 *   <li>a key already waiting is not queued twice (the dirty set);</li>
 *   <li>a key is never handed to two workers at once (the processing set);</li>
 *   <li>a key added while it is processed runs again after {@link #done}.</li>
 * </ul>
 * Plus delayed adds (deduplicated: the earliest wins), rate-limited re-adds with per-key backoff, and an optional
 * maximum depth beyond which new keys are dropped (level-based reconciling re-adds them on the next resync).
 */
final class WorkQueue<K> {

    /** What the queue reports; the engine wires it to metrics. */
    interface Listener<K> {
        default void added(K key) { }

        default void dropped(K key) { }

        default void retried(K key) { }

        default void depth(int depth) { }

        /** A worker took the key after it waited {@code waitedNanos} in the queue. */
        default void taken(K key, long waitedNanos) { }

        /** A worker finished the key after {@code workedNanos}. */
        default void finished(K key, long workedNanos) { }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    /** Keys being worked on, with the time ({@code System.nanoTime()}) a worker took them. */
    private final Map<K, Long> processing = new HashMap<>();
    private final Map<K, Waiting> waiting = new HashMap<>();
    private final Map<K, Long> enqueuedAt = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final RateLimiter<K> limiter;
    private final int maxDepth;
    private final Listener<K> listener;
    private boolean shuttingDown;
    private boolean paused;

    private final class Waiting {
        final long readyAt;
        final ScheduledFuture<?> future;

        Waiting(long readyAt, ScheduledFuture<?> future) {
            this.readyAt = readyAt;
            this.future = future;
        }
    }

    WorkQueue(ScheduledExecutorService timer, RateLimiter<K> limiter, int maxDepth, Listener<K> listener) {
        this.timer = timer;
        this.limiter = limiter;
        this.maxDepth = maxDepth;
        this.listener = listener;
    }

    /** Queues a key now. Returns false when the queue is shutting down or full. */
    boolean add(K key) {
        lock.lock();
        try {
            if (shuttingDown) {
                return false;
            }
            if (dirty.contains(key)) {
                return true;
            }
            if (maxDepth > 0 && queue.size() >= maxDepth && !processing.containsKey(key)) {
                listener.dropped(key);
                return false;
            }
            dirty.add(key);
            enqueuedAt.putIfAbsent(key, System.nanoTime());
            listener.added(key);
            if (!processing.containsKey(key)) {
                queue.addLast(key);
                listener.depth(queue.size());
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a key after a delay; of several pending delayed adds of one key, the earliest wins. */
    void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            long readyAt = System.nanoTime() + delay.toNanos();
            Waiting w = waiting.get(key);
            if (w != null && w.readyAt <= readyAt) {
                return;
            }
            if (w != null) {
                w.future.cancel(false);
            }
            ScheduledFuture<?> f = timer.schedule(() -> fire(key, readyAt), delay.toNanos(), TimeUnit.NANOSECONDS);
            waiting.put(key, new Waiting(readyAt, f));
        } finally {
            lock.unlock();
        }
    }

    private void fire(K key, long readyAt) {
        lock.lock();
        try {
            Waiting w = waiting.get(key);
            if (w == null || w.readyAt != readyAt) {
                return;
            }
            waiting.remove(key);
        } finally {
            lock.unlock();
        }
        add(key);
    }

    /** Re-queues a failed key after its backoff. */
    void addRateLimited(K key) {
        listener.retried(key);
        addAfter(key, limiter.when(key));
    }

    /** The key succeeded: forget its failures. */
    void forget(K key) {
        limiter.forget(key);
    }

    int numRequeues(K key) {
        return limiter.numRequeues(key);
    }

    /**
     * Blocks until a key is ready and marks it processing; null once the queue is shut down and empty, or while it is
     * paused. The caller must call {@link #done} with the key.
     */
    K take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown && !paused) {
                notEmpty.await();
            }
            if (queue.isEmpty() || paused) {
                return null;
            }
            K key = queue.pollFirst();
            long now = System.nanoTime();
            processing.put(key, now);
            dirty.remove(key);
            Long at = enqueuedAt.remove(key);
            listener.depth(queue.size());
            listener.taken(key, at == null ? 0 : now - at);
            return key;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Workers blocked in {@link #take} (and later callers) get null until {@link #resume}; keys keep being queued.
     * A follower pauses its workers this way and keeps its queue warm for when it leads.
     */
    void pause() {
        lock.lock();
        try {
            paused = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Seconds of work in progress not yet finished, summed over the keys being processed. */
    double unfinishedWorkSeconds() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return processing.values().stream().mapToLong(since -> now - since).sum() / 1e9;
        } finally {
            lock.unlock();
        }
    }

    /** Seconds the longest-running key in progress has been processed (0 when idle). */
    double longestRunningProcessorSeconds() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return processing.values().stream().mapToLong(since -> now - since).max().orElse(0) / 1e9;
        } finally {
            lock.unlock();
        }
    }

    /** The worker finished the key; if it was added meanwhile it is queued again. */
    void done(K key) {
        lock.lock();
        try {
            Long since = processing.remove(key);
            if (since != null) {
                listener.finished(key, System.nanoTime() - since);
            }
            if (dirty.contains(key)) {
                queue.addLast(key);
                listener.depth(queue.size());
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out keys; workers blocked in take() return null. Pending delayed adds are cancelled. */
    void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.values().forEach(w -> w.future.cancel(false));
            waiting.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
