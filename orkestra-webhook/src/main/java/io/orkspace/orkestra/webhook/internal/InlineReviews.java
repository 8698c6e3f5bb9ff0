package io.orkspace.orkestra.webhook.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Which reviews are answered on the event loop that read them rather than on a worker.
 *
 * <p>A small review (one object: an admission request, a conversion of one resource) is evaluated in tens of
 * microseconds. Handing it to a worker and back costs two thread wake-ups, about as much CPU again, and on a busy
 * machine the wait for those threads to get a core is most of its latency. So a review of at most {@code maxBytes} is
 * answered where it was read. Larger ones (a ConversionReview of a whole list) go to the workers, where the request
 * timeout (503) applies and they cannot hold up the other connections of their event loop.
 *
 * <p>A route whose review took more than {@link #SLOW_NANOS} of the event loop's CPU time (a costly rule, a value that
 * makes a regular expression backtrack up to its limit) is answered on workers for the next {@link #BACKOFF_NANOS}:
 * one slow review, not a stream of them, can delay the other connections. CPU time, not elapsed time: a GC pause or
 * a core taken by another process during a review says nothing of the review (and happens every few seconds under
 * load; measured on elapsed time, the routes would spend most of their time on the workers). Reading the thread's CPU
 * time twice costs about 3 µs per review on the 2-core VM of docs/performance.md; where the JVM cannot tell a
 * thread's CPU time, elapsed time is used. Thread-safe; one per server.
 */
public final class InlineReviews {

    private static final Logger LOG = LoggerFactory.getLogger(InlineReviews.class);

    /** A review that took longer than this on the event loop sends its route to the workers. */
    static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** How long a slow route stays on the workers. */
    static final long BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Routes (request paths, without the query) remembered one by one; beyond, every route goes to the workers ({@link #ALL}). */
    private static final int MAX_ROUTES = 64;
    private static final String ALL = "*";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private final int maxBytes;
    private final long backoffNanos;
    private final ConcurrentHashMap<String, Long> offLoopUntil = new ConcurrentHashMap<>();

    /** @param maxBytes the largest review body answered on the event loop; 0: every review goes to the workers */
    public InlineReviews(int maxBytes) {
        this(maxBytes, BACKOFF_NANOS);
    }

    InlineReviews(int maxBytes, long backoffNanos) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.backoffNanos = backoffNanos;
    }

    /** Every review on the workers. */
    public static InlineReviews never() {
        return new InlineReviews(0);
    }

    /** Whether a review of {@code bytes} bytes to {@code path} (a request path, without the query) is answered on the event loop. */
    public boolean inline(String path, int bytes) {
        if (maxBytes == 0 || bytes > maxBytes) {
            return false;
        }
        if (offLoopUntil.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        return onLoop(path, now) && onLoop(ALL, now);
    }

    private boolean onLoop(String route, long now) {
        Long until = offLoopUntil.get(route);
        if (until == null) {
            return true;
        }
        if (now - until < 0) {
            return false;
        }
        offLoopUntil.remove(route, until);
        return true;
    }

    /**
     * Evaluates a review {@link #inline} allowed, here on the event loop, and remembers whether it was slow.
     */
    public <T> T answer(String path, Supplier<T> review) {
        long start = clock();
        T reply = review.get();
        took(path, clock() - start);
        return reply;
    }

    /** This thread's CPU time where the JVM has it, else elapsed time: what {@link #took} is told. */
    static long clock() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Tells how long a review answered on the event loop took, in {@link #clock()} nanoseconds. */
    void took(String path, long nanos) {
        if (nanos <= SLOW_NANOS) {
            return;
        }
        String route = offLoopUntil.size() >= MAX_ROUTES && !offLoopUntil.containsKey(path) ? ALL : path;
        offLoopUntil.put(route, System.nanoTime() + backoffNanos);
        LOG.debug("A review on {} took {} ms of CPU on the event loop: reviews on {} go to the workers for {} s", path,
                TimeUnit.NANOSECONDS.toMillis(nanos), route.equals(ALL) ? "every route" : path,
                TimeUnit.NANOSECONDS.toSeconds(backoffNanos));
    }
}
