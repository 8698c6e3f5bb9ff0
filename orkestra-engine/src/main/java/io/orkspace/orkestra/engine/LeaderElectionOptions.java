package io.orkspace.orkestra.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease: of the replicas running one Katalog, only the holder of
 * the Lease runs the workers and writes; the others keep their informer caches warm and take over once the Lease
 * expires (or at once when the leader releases it on a graceful stop).
 *
 * <pre>{@code
 * EngineOptions.DEFAULTS.withLeaderElection(LeaderElectionOptions.ON.withLeaseNamespace("orkestra-system"))
 * }</pre>
 *
 * @param enabled        off by default when embedded; {@code orkestra run --leader-elect} turns it on
 * @param leaseName      the Lease's name; null: {@code orkestra-<katalog metadata.name>}
 * @param leaseNamespace the Lease's namespace; null: {@code $POD_NAMESPACE}, the service account's namespace, the
 *                       client's namespace, {@code default}
 * @param identity       this replica's name in the Lease; null: {@code $POD_NAME}, {@code $HOSTNAME}, the host name
 * @param leaseDuration  how long followers wait after the last renewal before taking over (15 s)
 * @param renewDeadline  how long the leader keeps trying to renew before it stops leading (10 s)
 * @param retryPeriod    how often candidates try to acquire and the leader renews (2 s)
 */
public record LeaderElectionOptions(boolean enabled, String leaseName, String leaseNamespace, String identity,
                                    Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** controller-runtime's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
    public static final LeaderElectionOptions DISABLED = new LeaderElectionOptions(false, null, null, null,
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    /** On, with the defaults of {@link #DISABLED}. */
    public static final LeaderElectionOptions ON = DISABLED.withEnabled(true);

    public LeaderElectionOptions {
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("leader election: retryPeriod must be positive, not " + retryPeriod);
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leader election: leaseDuration (" + leaseDuration
                    + ") must be longer than renewDeadline (" + renewDeadline + ")");
        }
        // the retries of the renew loop are jittered by up to 1.2 periods (as client-go): the deadline must outlast one
        if (renewDeadline.toMillis() <= retryPeriod.toMillis() + (long) Math.ceil(retryPeriod.toMillis() * 1.2)) {
            throw new IllegalArgumentException("leader election: renewDeadline (" + renewDeadline
                    + ") must be longer than 2.2 x retryPeriod (" + retryPeriod + ")");
        }
    }

    public LeaderElectionOptions withEnabled(boolean on) {
        return new LeaderElectionOptions(on, leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionOptions withLeaseName(String name) {
        return new LeaderElectionOptions(enabled, name, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionOptions withLeaseNamespace(String namespace) {
        return new LeaderElectionOptions(enabled, leaseName, namespace, identity, leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionOptions withIdentity(String id) {
        return new LeaderElectionOptions(enabled, leaseName, leaseNamespace, id, leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionOptions withDurations(Duration lease, Duration renew, Duration retry) {
        return new LeaderElectionOptions(enabled, leaseName, leaseNamespace, identity, lease, renew, retry);
    }
}
