package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.registry.Readiness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildReadinessTest {

    static final Instant T1 = Instant.parse("2026-01-01T10:00:00.123Z");
    static final Instant T2 = Instant.parse("2026-01-01T10:05:00Z");

    static ChildReadiness.Judged child(String kind, String name, Readiness r) {
        return new ChildReadiness.Judged(kind, name, r);
    }

    @Test
    void everyChildReadyMakesTheCrActive() {
        var v = ChildReadiness.of(List.of(child("ConfigMap", "a", Readiness.READY), child("Deployment", "b", Readiness.READY)), null, T1);
        assertThat(v).isEqualTo(new ChildReadiness.Verdict("Active", true, "ChildrenReady", "all 2 child object(s) are ready"));
    }

    @Test
    void theMessageNamesTheFirstChildWaitedForAndKeepsItsSinceWhileItWaits() {
        var first = ChildReadiness.of(List.of(child("ConfigMap", "a", Readiness.READY),
                child("Deployment", "b", Readiness.waiting("0/2 replicas updated, 0/2 available")),
                child("StatefulSet", "c", Readiness.waiting("0/1 replicas ready"))), null, T1);
        assertThat(first).isEqualTo(new ChildReadiness.Verdict("Pending", false, "Progressing",
                "waiting for Deployment b since 2026-01-01T10:00:00Z: 0/2 replicas updated, 0/2 available (and 1 more)"));

        var later = ChildReadiness.of(List.of(child("Deployment", "b", Readiness.waiting("2/2 replicas updated, 1/2 available"))),
                first.message(), T2);
        assertThat(later.message()).isEqualTo("waiting for Deployment b since 2026-01-01T10:00:00Z: 2/2 replicas updated, 1/2 available");

        var next = ChildReadiness.of(List.of(child("StatefulSet", "c", Readiness.waiting("0/1 replicas ready"))), later.message(), T2);
        assertThat(next.message()).isEqualTo("waiting for StatefulSet c since 2026-01-01T10:05:00Z: 0/1 replicas ready");
    }

    @Test
    void aFailedChildDegradesTheCr() {
        var v = ChildReadiness.of(List.of(child("Deployment", "b", Readiness.waiting("x")),
                child("Job", "migrate", Readiness.failed("Job has reached the specified backoff limit"))), null, T1);
        assertThat(v).isEqualTo(new ChildReadiness.Verdict("Degraded", false, "ChildFailed",
                "Job migrate failed: Job has reached the specified backoff limit"));
    }
}
