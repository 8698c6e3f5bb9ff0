package io.orkspace.orkestra.engine.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WorkQueue<String> queue = new WorkQueue<>(timer, RateLimiter.defaults(), 0, new WorkQueue.Listener<>() { });

    @AfterEach
    void stop() {
        queue.shutDown();
        timer.shutdownNow();
    }

    @Test
    void aKeyAlreadyWaitingIsNotQueuedTwice() throws Exception {
        queue.add("ns/a");
        queue.add("ns/a");
        queue.add("ns/b");

        assertThat(queue.len()).isEqualTo(2);
        assertThat(queue.take()).isEqualTo("ns/a");
        assertThat(queue.take()).isEqualTo("ns/b");
    }

    @Test
    void aKeyIsNeverHandedToTwoWorkersAtOnce() throws Exception {
        queue.add("ns/a");
        String first = queue.take();
        queue.add("ns/a"); // an event arrives while the key is processed

        assertThat(queue.len()).as("held back while processing").isZero();
        queue.done(first);
        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void aKeyAddedWhileProcessingRunsAgainAfterDone() throws Exception {
        queue.add("ns/a");
        String key = queue.take();
        queue.add("ns/a");
        queue.done(key);

        assertThat(queue.take()).isEqualTo("ns/a");
    }

    @Test
    void delayedAddsOfOneKeyKeepTheEarliest() throws Exception {
        queue.addAfter("ns/a", Duration.ofSeconds(30));
        queue.addAfter("ns/a", Duration.ofMillis(20));
        queue.addAfter("ns/a", Duration.ofSeconds(10));

        long start = System.nanoTime();
        assertThat(queue.take()).isEqualTo("ns/a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(queue.len()).isZero();
    }

    @Test
    void failuresBackOffExponentiallyFromFiveMillisecondsAndForgetResetsThem() {
        AtomicLong now = new AtomicLong();
        RateLimiter<String> limiter = new RateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000), 1_000_000, 1_000_000, now::get);

        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(20));
        assertThat(limiter.numRequeues("k")).isEqualTo(3);
        for (int i = 0; i < 40; i++) {
            limiter.when("k");
        }
        assertThat(limiter.when("k")).isEqualTo(Duration.ofSeconds(1000));
        limiter.forget("k");
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("other")).as("backoff is per key").isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theOverallBucketLimitsRetriesOfManyKeys() {
        AtomicLong now = new AtomicLong();
        RateLimiter<String> limiter = new RateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 2, now::get);

        limiter.when("a");
        limiter.when("b");
        assertThat(limiter.when("c")).as("burst of 2 spent: the third waits a tenth of a second").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aFullQueueDropsNewKeys() {
        AtomicInteger dropped = new AtomicInteger();
        WorkQueue<String> small = new WorkQueue<>(timer, RateLimiter.defaults(), 2, new WorkQueue.Listener<>() {
            @Override
            public void dropped(String key) {
                dropped.incrementAndGet();
            }
        });

        assertThat(small.add("a")).isTrue();
        assertThat(small.add("b")).isTrue();
        assertThat(small.add("a")).as("already queued: not a new arrival").isTrue();
        assertThat(small.add("c")).isFalse();
        assertThat(dropped).hasValue(1);
    }

    @Test
    void shutDownReleasesBlockedWorkersAfterTheQueueDrains() throws Exception {
        queue.add("ns/a");
        queue.shutDown();

        assertThat(queue.take()).as("queued work is still handed out").isEqualTo("ns/a");
        assertThat(queue.take()).isNull();
        assertThat(queue.add("ns/b")).isFalse();
    }

    @Test
    void manyWorkersNeverProcessOneKeyConcurrently() throws Exception {
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger processed = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        CountDownLatch finished = new CountDownLatch(8);
        for (int w = 0; w < 8; w++) {
            workers.submit(() -> {
                try {
                    String key;
                    while ((key = queue.take()) != null) {
                        if (!inFlight.add(key)) {
                            overlap.set(true);
                        }
                        Thread.onSpinWait();
                        inFlight.remove(key);
                        processed.incrementAndGet();
                        queue.done(key);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            });
        }
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    queue.add("ns/key-" + (i % 16));
                }
            });
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        queue.shutDown();
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
        workers.shutdownNow();

        assertThat(overlap).isFalse();
        assertThat(processed.get()).isPositive().isLessThanOrEqualTo(80_000);
    }
}
