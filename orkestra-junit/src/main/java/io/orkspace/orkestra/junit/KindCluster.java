package io.orkspace.orkestra.junit;

import com.dajudge.kindcontainer.KindContainer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.Assumptions;

/**
 * kind in a container (Testcontainers + kindcontainer). Loaded only when {@code -Dorkestra.test.cluster=kind}: the
 * two libraries are optional dependencies of orkestra-junit. Without a container engine the test is skipped, never
 * failed: the same scenarios then run on the embedded server in the default build.
 */
final class KindCluster implements TestCluster {

    private final KindContainer<?> container;
    private final KubernetesClient client;

    private KindCluster(KindContainer<?> container) {
        this.container = container;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(container.getKubeconfig())).build();
    }

    static TestCluster start() {
        boolean libraries;
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            Class.forName("com.dajudge.kindcontainer.KindContainer");
            libraries = true;
        } catch (ClassNotFoundException e) {
            libraries = false;
        }
        Assumptions.assumeTrue(libraries, "-Dorkestra.test.cluster=kind needs org.testcontainers:testcontainers and "
                + "com.dajudge.kindcontainer:kindcontainer on the test classpath");
        Assumptions.assumeTrue(dockerAvailable(), "no container engine here: the kind backend is skipped "
                + "(the same tests run on the embedded API server by default)");
        KindContainer<?> container = new KindContainer<>();
        container.start();
        return new KindCluster(container);
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public EmbeddedCluster embedded() {
        return null;
    }

    @Override
    public String describe() {
        return "kind in a container (" + container.getContainerName() + ")";
    }

    @Override
    public void close() {
        client.close();
        container.stop();
    }
}
