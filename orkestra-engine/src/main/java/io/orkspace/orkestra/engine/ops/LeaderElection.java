package io.orkspace.orkestra.engine.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease with fabric8's {@code LeaderElector}. While this replica
 * leads, {@code onStart} has run; when it stops leading (the Lease was lost, or released on close) {@code onStop} runs,
 * and the replica becomes a candidate again. {@link #close()} releases the Lease so a follower takes over at once.
 *
 * <p>Callbacks run on one thread of their own, one at a time and in order: the elector's loop never waits for workers
 * to start or stop.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Runnable onStart;
    private final Runnable onStop;
    private final ExecutorService callbacks;
    private volatile boolean leading;
    private volatile boolean decided;
    private volatile String holder;
    private volatile boolean closed;
    private CompletableFuture<?> election;

    public LeaderElection(KubernetesClient client, String namespace, String name, String identity, Duration leaseDuration,
                          Duration renewDeadline, Duration retryPeriod, Runnable onStart, Runnable onStop) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.onStart = onStart;
        this.onStop = onStop;
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orkestra-leader-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Becomes a candidate; returns at once. */
    public synchronized void start() {
        if (closed || election != null && !election.isDone()) {
            return;
        }
        LOG.info("leader election: {} is a candidate for Lease {}/{}", identity, namespace, name);
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(name)
                .withLock(new LeaseLock(namespace, name, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::observed))
                .build()).build().start();
        election.whenComplete((v, e) -> {
            // the renew loop ended (the Lease was lost): stand again unless we are closing
            if (!closed) {
                run(this::start);
            }
        });
    }

    private void started() {
        leading = true;
        decided = true;
        holder = identity;
        LOG.info("leader election: {} leads (Lease {}/{})", identity, namespace, name);
        run(onStart);
    }

    private void stopped() {
        if (!leading) {
            return;
        }
        leading = false; // first: nothing new starts after this
        LOG.info("leader election: {} no longer leads (Lease {}/{})", identity, namespace, name);
        run(onStop);
    }

    private void observed(String newLeader) {
        holder = newLeader;
        if (newLeader != null && !newLeader.isEmpty()) {
            decided = true;
            if (!newLeader.equals(identity)) {
                LOG.info("leader election: {} follows {}", identity, newLeader);
            }
        }
    }

    private void run(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("leader election: closed, {} not run", task);
        }
    }

    /** Whether this replica holds the Lease now. */
    public boolean leading() {
        return leading;
    }

    /** Whether a leader is known (this replica or another): a follower is ready once it is. */
    public boolean decided() {
        return decided;
    }

    /** The identity the Lease names as holder, or null. */
    public String holder() {
        return holder;
    }

    public String identity() {
        return identity;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Stops being a candidate and releases the Lease if held. Call after the workers stopped: from here on another
     * replica may write.
     */
    @Override
    public void close() {
        CompletableFuture<?> e;
        synchronized (this) {
            closed = true;
            e = election;
        }
        if (e != null) {
            e.cancel(true); // fabric8 releases the Lease (releaseOnCancel) and calls onStopLeading
        }
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        leading = false;
    }
}
