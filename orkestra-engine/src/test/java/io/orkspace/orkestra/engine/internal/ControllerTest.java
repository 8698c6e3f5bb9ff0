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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WorkQueue<String> queue = new WorkQueue<>(timer, RateLimiter.defaults(), 0, new WorkQueue.Listener<>() { });
    private final List<Controller.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Controller.Listener listener = new Controller.Listener() {
        @Override
        public void reconciled(String key, long nanos, Controller.Outcome outcome, Throwable error) {
            outcomes.add(outcome);
        }
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aFailingReconcileIsRetriedWithBackoffAndTheWorkerSurvives() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch thirdCall = new CountDownLatch(1);
        Controller c = new Controller("test", 1, queue, key -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("boom");
            }
            thirdCall.countDown();
            return KeyReconciler.Result.DONE;
        }, Executors.defaultThreadFactory(), listener);
        c.start();

        queue.add("ns/a");

        assertThat(thirdCall.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(outcomes).containsExactly(Controller.Outcome.ERROR, Controller.Outcome.ERROR, Controller.Outcome.SUCCESS);
        assertThat(queue.numRequeues("ns/a")).as("success forgets the failures").isZero();
    }

    @Test
    void aRequestedRequeueRunsTheKeyAgainLater() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        Controller c = new Controller("test", 2, queue, key -> {
            twice.countDown();
            return twice.getCount() > 0 ? KeyReconciler.Result.requeueAfter(Duration.ofMillis(30)) : KeyReconciler.Result.DONE;
        }, Executors.defaultThreadFactory(), listener);
        c.start();

        queue.add("ns/a");

        assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
        c.stop(Duration.ofSeconds(5));
        assertThat(outcomes).startsWith(Controller.Outcome.REQUEUE_AFTER);
    }

    @Test
    void aTerminalErrorIsNotRetried() throws Exception {
        Controller c = new Controller("test", 1, queue, key -> {
            throw new KeyReconciler.TerminalException("invalid template", null);
        }, Executors.defaultThreadFactory(), listener);

        queue.add("ns/a");
        c.processNext();

        assertThat(outcomes).containsExactly(Controller.Outcome.TERMINAL_ERROR);
        assertThat(queue.len()).isZero();
        queue.shutDown();
    }

    @Test
    void stopWaitsForTheReconcileInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Controller c = new Controller("test", 1, queue, key -> {
            started.countDown();
            Thread.sleep(200); // simulates a slow API call in flight
            finished.incrementAndGet();
            return KeyReconciler.Result.DONE;
        }, Executors.defaultThreadFactory(), listener);
        c.start();
        queue.add("ns/a");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(c.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(finished).hasValue(1);
    }

    @Test
    void everyLogLineOfAReconcileCarriesControllerKeyAndAReconcileIdThatIsClearedAfterwards() throws Exception {
        java.util.Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<String> ids = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        Controller c = new Controller("website", 1, queue, key -> {
            seen.putAll(org.slf4j.MDC.getCopyOfContextMap());
            ids.add(org.slf4j.MDC.get("reconcileID"));
            twice.countDown();
            return KeyReconciler.Result.DONE;
        }, r -> {
            Thread t = new Thread(() -> {
                r.run();
                assertThat(org.slf4j.MDC.get("reconcileID")).isNull();
            });
            t.setDaemon(true);
            return t;
        }, listener);
        c.start();

        queue.add("shop/blog");
        org.awaitility.Awaitility.await().until(() -> ids.size() == 1);
        queue.add("shop/blog");

        assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(seen).containsEntry("controller", "website").containsEntry("namespace", "shop").containsEntry("name", "blog");
        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).hasSize(36));
    }
}
