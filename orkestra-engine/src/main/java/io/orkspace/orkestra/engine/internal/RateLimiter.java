package io.orkspace.orkestra.engine.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How long a key waits before it is retried: client-go's default controller rate limiter, the larger of
 * a per-key exponential backoff (5 ms doubling to 1000 s) and an overall token bucket (10 per second, burst 100).
 */
final class RateLimiter<K> {

    static final Duration BASE_DELAY = Duration.ofMillis(5);
    static final Duration MAX_DELAY = Duration.ofSeconds(1000);

    private final long baseNanos;
    private final long maxNanos;
    private final ConcurrentHashMap<K, Integer> failures = new ConcurrentHashMap<>();
    private final TokenBucket bucket;

    RateLimiter(Duration base, Duration max, double qps, int burst, LongSupplier nanoClock) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
        this.bucket = new TokenBucket(qps, burst, nanoClock);
    }

    static <K> RateLimiter<K> defaults() {
        return new RateLimiter<>(BASE_DELAY, MAX_DELAY, 10, 100, System::nanoTime);
    }

    /** The delay before the next retry of {@code key}; each call counts one more failure. */
    Duration when(K key) {
        int n = failures.merge(key, 1, Integer::sum) - 1;
        long exp = n >= 62 ? maxNanos : Math.min(maxNanos, baseNanos << Math.min(n, 40));
        if (exp < 0) {
            exp = maxNanos;
        }
        return Duration.ofNanos(Math.max(exp, bucket.reserve()));
    }

    /** The key succeeded: its backoff starts over. */
    void forget(K key) {
        failures.remove(key);
    }

    int numRequeues(K key) {
        return failures.getOrDefault(key, 0);
    }

    /** A token bucket that hands out the delay until a token is available (never blocks). */
    static final class TokenBucket {
        private final double nanosPerToken;
        private final int burst;
        private final LongSupplier clock;
        private double tokens;
        private long last;

        TokenBucket(double qps, int burst, LongSupplier clock) {
            this.nanosPerToken = TimeUnit.SECONDS.toNanos(1) / qps;
            this.burst = burst;
            this.clock = clock;
            this.tokens = burst;
            this.last = clock.getAsLong();
        }

        synchronized long reserve() {
            long now = clock.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) / nanosPerToken);
            last = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) (-tokens * nanosPerToken);
        }
    }
}
