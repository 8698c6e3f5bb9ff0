package io.orkspace.orkestra.engine.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One CRD's worker pool: N threads taking keys from the queue and reconciling them. The loop is client-go's
 * {@code processNextWorkItem}: take a key, always mark it done, and turn the outcome into one queue action
 * (rate-limited re-add on error, forget plus add-after on a requested requeue, forget on success).
 * A worker never dies of a reconcile failure.
 */
final class Controller {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** What the controller reports; the engine wires it to metrics and health. */
    interface Listener {
        default void reconciled(String key, long nanos, Outcome outcome, Throwable error) { }

        default void activeWorkers(int n) { }
    }

    /** How a reconcile ended. */
    enum Outcome { SUCCESS, REQUEUE_AFTER, ERROR, TERMINAL_ERROR }

    private final String name;
    private final int workers;
    private final WorkQueue<String> queue;
    private final KeyReconciler reconciler;
    private final ThreadFactory threads;
    private final Listener listener;
    private final List<Thread> running = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();

    Controller(String name, int workers, WorkQueue<String> queue, KeyReconciler reconciler, ThreadFactory threads, Listener listener) {
        this.name = name;
        this.workers = workers;
        this.queue = queue;
        this.reconciler = reconciler;
        this.threads = threads;
        this.listener = listener;
    }

    /** Starts the workers (again, after {@link #pause}); no-op while they run. */
    synchronized void start() {
        if (!running.isEmpty()) {
            return;
        }
        queue.resume();
        for (int i = 0; i < workers; i++) {
            Thread t = threads.newThread(this::work);
            t.setName("orkestra-" + name + "-worker-" + i);
            running.add(t);
            t.start();
        }
    }

    /**
     * Stops the workers but keeps the queue filling (a follower that lost or has not won the leadership): in-flight
     * reconciles get up to {@code grace}, then are interrupted. {@link #start} runs them again.
     */
    synchronized boolean pause(Duration grace) throws InterruptedException {
        queue.pause();
        boolean all = join(grace);
        running.clear();
        return all;
    }

    /** Stops taking new keys and waits (up to {@code grace}) for in-flight reconciles to finish. */
    synchronized boolean stop(Duration grace) throws InterruptedException {
        queue.shutDown();
        return join(grace);
    }

    private boolean join(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : running) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        boolean all = running.stream().noneMatch(Thread::isAlive);
        if (!all) {
            running.forEach(Thread::interrupt);
        }
        return all;
    }

    /** Workers reconciling right now. */
    int activeWorkers() {
        return active.get();
    }

    int workers() {
        return workers;
    }

    private void work() {
        try {
            while (processNext()) {
                // keep going until the queue shuts down
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean processNext() throws InterruptedException {
        String key = queue.take();
        if (key == null) {
            return false;
        }
        listener.activeWorkers(active.incrementAndGet());
        long start = System.nanoTime();
        // every log line of this reconcile, ours and a hook's, carries these (controller-runtime's names)
        int slash = key.indexOf('/');
        MDC.put("controller", name);
        MDC.put("namespace", slash < 0 ? "" : key.substring(0, slash));
        MDC.put("name", slash < 0 ? key : key.substring(slash + 1));
        MDC.put("reconcileID", UUID.randomUUID().toString());
        try {
            KeyReconciler.Result result = reconciler.reconcile(key);
            if (result != null && result.requeueAfter() != null) {
                queue.forget(key);
                queue.addAfter(key, result.requeueAfter());
                listener.reconciled(key, System.nanoTime() - start, Outcome.REQUEUE_AFTER, null);
            } else {
                queue.forget(key);
                listener.reconciled(key, System.nanoTime() - start, Outcome.SUCCESS, null);
            }
        } catch (KeyReconciler.TerminalException e) {
            queue.forget(key);
            LOG.warn("{}: {} failed and will not be retried until it changes: {}", name, key, e.getMessage());
            listener.reconciled(key, System.nanoTime() - start, Outcome.TERMINAL_ERROR, e);
        } catch (InterruptedException e) {
            queue.addRateLimited(key);
            throw e;
        } catch (Exception | LinkageError | StackOverflowError e) {
            // Anything a reconcile throws (a bug included) becomes a retry with backoff, never a dead worker.
            queue.addRateLimited(key);
            int retries = queue.numRequeues(key);
            String why = e instanceof DeclarativeReconciler.ReconcileFailure ? e.getMessage() : e.toString();
            if (Integer.bitCount(retries) == 1) { // 1st, 2nd, 4th, 8th... retry: the log shows a failing key without flooding
                LOG.warn("{}: reconcile of {} failed (retry {}): {}", name, key, retries, why);
            } else {
                LOG.debug("{}: reconcile of {} failed (retry {}): {}", name, key, retries, why);
            }
            listener.reconciled(key, System.nanoTime() - start, Outcome.ERROR, e);
        } finally {
            MDC.remove("controller");
            MDC.remove("namespace");
            MDC.remove("name");
            MDC.remove("reconcileID");
            queue.done(key);
            listener.activeWorkers(active.decrementAndGet());
        }
        return true;
    }
}
