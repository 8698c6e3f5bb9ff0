package io.orkspace.orkestra.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.orkspace.orkestra.testkit.EmbeddedCluster;

import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An API server the {@link ApiServerHarness} measures: one facade, one adapter per contender, chosen by name. Every
 * contender is driven by the same fabric8 client (JDK HTTP client, retries off) over HTTP on loopback.
 */
interface ApiServerContender extends AutoCloseable {

    /** The servers the harness knows, by the name given on its command line. */
    enum Kind {
        EMBEDDED("embedded", "Orkestra embedded API server"),
        FABRIC8_MOCK("mock", "fabric8 mock server, CRUD mode");

        final String flag;
        final String title;

        Kind(String flag, String title) {
            this.flag = flag;
            this.title = title;
        }

        static Kind of(String flag) {
            for (Kind k : values()) {
                if (k.flag.equals(flag)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown server '" + flag + "'; expected one of " + List.of("embedded", "mock"));
        }

        ApiServerContender start() {
            return this == EMBEDDED ? new Embedded() : new Fabric8Mock();
        }
    }

    /** Where the server listens. */
    String url();

    /** A new client of its own (its own connection pool), closed by the caller. */
    default KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default").withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withRequestTimeout(60_000).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Override
    void close();

    /** {@code EmbeddedCluster.start()}, as the testkit's users get it. */
    final class Embedded implements ApiServerContender {
        private final EmbeddedCluster cluster = EmbeddedCluster.start();

        @Override
        public String url() {
            return cluster.url();
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** {@code io.fabric8:kubernetes-server-mock} in CRUD mode, as its JUnit extension sets it up with {@code crud = true}. */
    final class Fabric8Mock implements ApiServerContender {
        /** Held so that the level stays set: the mock logs every request at INFO, which would time the console too. */
        private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
        private final KubernetesMockServer server;

        Fabric8Mock() {
            MOCK_LOG.setLevel(Level.WARNING);
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()),
                    false);
            server.init();
        }

        @Override
        public String url() {
            return server.url("/");
        }

        @Override
        public void close() {
            server.destroy();
        }
    }
}
