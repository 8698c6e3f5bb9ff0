package io.orkspace.orkestra.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.testkit.EmbeddedCluster;

/**
 * The cluster an {@link OrkestraTest} runs against, chosen with the system property {@code orkestra.test.cluster}:
 * {@code embedded} (default: Orkestra's in-JVM API server) or {@code kind} (a real cluster in a container through
 * Testcontainers; the tests are skipped when no container engine is available). The scenarios are the same; only
 * what exists on one backend alone (request counters, fault injection) makes a test skip on the other. On the
 * embedded server, the controller stand-ins for workloads and Jobs are on (see {@code docs/testing.md}).
 */
public interface TestCluster extends AutoCloseable {

    /** The system property that picks the backend. */
    String PROPERTY = "orkestra.test.cluster";

    /** A client for the cluster, shared by the tests of a class. */
    KubernetesClient client();

    /** The embedded API server, or null on a real cluster. */
    EmbeddedCluster embedded();

    /** Human-readable name for messages ("embedded API server", "kind v1.x in a container"). */
    String describe();

    @Override
    void close();

    /** Starts the backend the system property asks for. */
    static TestCluster start() {
        String backend = System.getProperty(PROPERTY, "embedded");
        switch (backend) {
            case "embedded":
                EmbeddedCluster cluster = EmbeddedCluster.start();
                // like a real cluster's kube-controller-manager: workloads become ready and Jobs complete, so a CR's
                // Ready condition (which waits for its children) behaves as it would there; a test switches them off
                // or makes Jobs fail through embedded().controllers()
                cluster.controllers().workloadsReady(true).jobsComplete();
                return new TestCluster() {
                    @Override
                    public KubernetesClient client() {
                        return cluster.client();
                    }

                    @Override
                    public EmbeddedCluster embedded() {
                        return cluster;
                    }

                    @Override
                    public String describe() {
                        return "embedded API server at " + cluster.url();
                    }

                    @Override
                    public void close() {
                        cluster.close();
                    }
                };
            case "kind":
                return KindCluster.start();
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + backend + ": expected embedded or kind");
        }
    }
}
