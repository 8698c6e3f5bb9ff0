package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookOptions;
import io.orkspace.orkestra.webhook.WebhookServer;

/**
 * One HTTPS server answering {@code /convert/<entry>} and {@code /validate/<entry>} with the same review logic; the
 * {@link Kind} chooses whose (the caffeine {@code CacheType} pattern: one facade, one adapter per contender).
 */
interface WebhookContender extends AutoCloseable {

    /** The port it listens on (loopback). */
    int port();

    /**
     * The server's CPU time so far in nanoseconds, every thread it has: for the JVM servers this JVM's (they are the
     * only thing in it that works during a run), -1 where it cannot be read.
     */
    default long cpuNanos() {
        return Meters.jvmCpuNanos();
    }

    /** Collections and the milliseconds they took so far in the server's JVM ({0, 0} for a server without one). */
    default long[] gcCountAndMillis() {
        return Meters.gcCountAndMillis();
    }

    @Override
    void close();

    enum Kind {
        /**
         * Orkestra's Netty server, as the engine starts it (defaults: one event loop and one worker per CPU, reviews up
         * to 16 KiB answered on the event loop).
         */
        ORKESTRA("Orkestra WebhookServer (Netty)") {
            @Override
            WebhookContender start(Katalog katalog, Certificates certificates, WebhookOptions options) {
                WebhookServer server = WebhookServer.start(katalog, certificates,
                        options.withHost("127.0.0.1").withPort(0));
                return new WebhookContender() {
                    @Override
                    public int port() {
                        return server.port();
                    }

                    @Override
                    public void close() {
                        server.close();
                    }
                };
            }
        },
        /** The JDK's {@code com.sun.net.httpserver.HttpsServer} with the same handlers (a cached thread pool). */
        JDK("JDK HttpsServer") {
            @Override
            WebhookContender start(Katalog katalog, Certificates certificates, WebhookOptions options) {
                return JdkHttpsReviewServer.start(katalog, certificates);
            }
        },
        /**
         * The floor: nginx answering every review with a canned copy of the right answer (no evaluation, no JVM), see
         * {@link NginxFloorServer}. Only when nginx is installed.
         */
        NGINX("nginx, canned answer (floor)") {
            @Override
            WebhookContender start(Katalog katalog, Certificates certificates, WebhookOptions options) {
                return NginxFloorServer.start(katalog, certificates);
            }
        };

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Starts the server; {@code options} tune Orkestra's (the JDK server has none of these knobs). */
        abstract WebhookContender start(Katalog katalog, Certificates certificates, WebhookOptions options);
    }
}
