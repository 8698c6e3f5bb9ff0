package io.orkspace.orkestra.engine.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What leader election and the workqueue metrics need from the queue and the controller. */
class WorkQueuePauseTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> taken = new CopyOnWriteArrayList<>();
    private final List<Long> worked = new CopyOnWriteArrayList<>();
    private final WorkQueue<String> queue = new WorkQueue<>(timer, RateLimiter.defaults(), 0, new WorkQueue.Listener<>() {
        @Override
        public void taken(String key, long waitedNanos) {
            taken.add(key);
        }

        @Override
        public void finished(String key, long workedNanos) {
            worked.add(workedNanos);
        }
    });

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aPausedQueueKeepsItsKeysAndHandsThemOutAfterResume() throws Exception {
        queue.add("a");
        queue.pause();
        assertThat(queue.take()).isNull();
        queue.add("b");
        assertThat(queue.len()).isEqualTo(2);
        queue.resume();
        assertThat(queue.take()).isEqualTo("a");
        assertThat(taken).containsExactly("a");
    }

    @Test
    void unfinishedWorkAndTheLongestRunningKeyAreMeasuredUntilDone() throws Exception {
        queue.add("a");
        String key = queue.take();
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(20)) {
            Thread.onSpinWait(); // measured time passes; no sleep needed for the assertion below
        }
        assertThat(queue.unfinishedWorkSeconds()).isGreaterThanOrEqualTo(0.02);
        assertThat(queue.longestRunningProcessorSeconds()).isGreaterThanOrEqualTo(0.02);
        queue.done(key);
        assertThat(queue.unfinishedWorkSeconds()).isZero();
        assertThat(worked).hasSize(1);
        assertThat(worked.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aPausedControllerStopsItsWorkersAndRunsAgainOnStart() throws Exception {
        List<String> reconciled = new CopyOnWriteArrayList<>();
        CountDownLatch second = new CountDownLatch(1);
        Controller c = new Controller("test", 2, queue, key -> {
            reconciled.add(key);
            if (key.equals("b")) {
                second.countDown();
            }
            return KeyReconciler.Result.DONE;
        }, Executors.defaultThreadFactory(), new Controller.Listener() { });
        c.start();
        queue.add("a");
        assertThat(c.pause(Duration.ofSeconds(5))).isTrue();
        queue.add("b"); // a follower's queue keeps filling
        c.start();
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(reconciled).contains("b");
    }
}
