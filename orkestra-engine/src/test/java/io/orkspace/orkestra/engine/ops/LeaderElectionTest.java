package io.orkspace.orkestra.engine.ops;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.LeaderElectionOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two replicas of one Katalog against one API server: one writes, the other waits and takes over. */
class LeaderElectionTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(400);

    private EmbeddedCluster cluster;
    private final List<Replica> replicas = new ArrayList<>();

    /** One engine with its own client; every write it sends is recorded (method and path). */
    private final class Replica {
        final String identity;
        final List<String> writes = new CopyOnWriteArrayList<>();
        final KubernetesClient client;
        final Orkestra engine;

        Replica(String identity) throws Exception {
            this.identity = identity;
            this.client = new KubernetesClientBuilder().withConfig(cluster.config())
                    .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count-writes", new Interceptor() {
                        @Override
                        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            if (!"GET".equals(request.method())) {
                                writes.add(request.method() + " " + request.uri().getPath());
                            }
                        }
                    })).build();
            this.engine = Orkestra.builder().client(client).katalog(Website.katalog())
                    .options(EngineOptions.DEFAULTS.withHealthPort(0).withMetricsPort(0).withLeaderElection(LeaderElectionOptions.ON
                            .withLeaseNamespace("default").withLeaseName("website-leader").withIdentity(identity)
                            .withDurations(LEASE, RENEW, RETRY)))
                    .build();
            replicas.add(this);
        }

        Replica start() throws InterruptedException {
            engine.start();
            return this;
        }

        /** Writes other than the Lease's own renewals. */
        List<String> operatorWrites() {
            return writes.stream().filter(w -> !w.contains("/leases")).toList();
        }

        void stop() {
            engine.close();
            client.close();
        }
    }

    @BeforeEach
    void startCluster() throws Exception {
        cluster = EmbeddedCluster.start();
        cluster.controllers().workloadsReady(true); // a Website is Ready once its Deployment has rolled out
        Website.installCrd(cluster.client());
    }

    @AfterEach
    void stop() {
        replicas.forEach(r -> {
            try {
                r.stop();
            } catch (RuntimeException e) {
                // already stopped
            }
        });
        cluster.close();
    }

    @Test
    void onlyTheLeaderWritesAndTheFollowerTakesOverWhenItStops() throws Exception {
        Replica a = new Replica("replica-a").start();
        await().atMost(Duration.ofSeconds(10)).until(a.engine::isLeader);
        Replica b = new Replica("replica-b").start();
        assertThat(b.engine.isLeader()).isFalse();

        Website.create(cluster.client(), "blog", 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> Website.ready(cluster.client(), "blog"));
        assertThat(cluster.client().apps().deployments().inNamespace("default").withName("blog").get()).isNotNull();
        assertThat(a.operatorWrites()).isNotEmpty();
        assertThat(b.operatorWrites()).as("the follower never writes").isEmpty();
        assertThat(b.writes).as("not even to the Lease while it is held").isEmpty();
        assertThat(cluster.requests().count("apply", "deployments")).isEqualTo(1);
        assertThat(metric(a, 1)).isTrue();
        assertThat(metric(b, 0)).isTrue();
        Lease lease = cluster.client().leases().inNamespace("default").withName("website-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

        long handOverStart = System.nanoTime();
        a.stop(); // graceful: the workers stop, then the Lease is released
        await().atMost(LEASE.plus(RENEW)).until(b.engine::isLeader);
        assertThat(Duration.ofNanos(System.nanoTime() - handOverStart)).isLessThan(LEASE.plus(RENEW));
        int aWritesAfterStop = a.operatorWrites().size();

        cluster.client().genericKubernetesResources(Website.CONTEXT).inNamespace("default").withName("blog")
                .edit(cr -> {
                    cr.getAdditionalProperties().put("spec", Map.of("image", "nginx:1.27", "replicas", 5, "port", 8080));
                    return cr;
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(5).equals(cluster.client().apps().deployments()
                .inNamespace("default").withName("blog").get().getSpec().getReplicas()));
        assertThat(b.operatorWrites()).as("the new leader writes").isNotEmpty();
        assertThat(a.operatorWrites()).as("the old leader wrote nothing after it stopped").hasSize(aWritesAfterStop);
        assertThat(metric(b, 1)).isTrue();
        assertThat(cluster.client().leases().inNamespace("default").withName("website-leader").get().getSpec()
                .getHolderIdentity()).isEqualTo("replica-b");
    }

    @Test
    void aReplicaWaitsForAnExpiredLeaseBeforeItLeads() throws Exception {
        // a leader that died without releasing: its Lease was renewed just now
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        cluster.client().leases().inNamespace("default").resource(new LeaseBuilder().withNewMetadata()
                .withName("website-leader").withNamespace("default").endMetadata().withNewSpec()
                .withHolderIdentity("crashed-replica").withLeaseDurationSeconds((int) LEASE.toSeconds())
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
        long start = System.nanoTime();
        Replica b = new Replica("replica-b").start();
        Website.create(cluster.client(), "blog", 1);

        assertThat(b.engine.isLeader()).isFalse();
        // a follower that knows the leader is ready (a webhook serves on every replica); it only runs no worker
        // (the first read of the Lease runs on the elector's thread, so "known" may take a moment after start)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Http.get(b.engine.healthPort(), "/readyz?verbose").body()).contains("[+]leader-election ok"));
        assertThat(b.engine.isLeader()).isFalse();
        assertThat(Http.get(b.engine.healthPort(), "/katalog/website/health").body()).contains("\"workersRunning\" : false");
        await().atMost(LEASE.plus(RENEW).plus(Duration.ofSeconds(2))).until(b.engine::isLeader);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LEASE.minus(Duration.ofMillis(500)));
        await().atMost(Duration.ofSeconds(20)).until(() -> Website.ready(cluster.client(), "blog"));
        assertThat(cluster.client().leases().inNamespace("default").withName("website-leader").get().getSpec()
                .getLeaseTransitions()).isEqualTo(1);
    }

    private static boolean metric(Replica r, double expected) {
        String text = Http.get(r.engine.metricsPort(), "/metrics").body();
        return OperationsEndpointsTest.value(text, "leader_election_master_status", "name=\"website-leader\"") == expected;
    }
}
