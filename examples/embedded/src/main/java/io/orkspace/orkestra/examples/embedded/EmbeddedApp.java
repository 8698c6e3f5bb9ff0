package io.orkspace.orkestra.examples.embedded;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plain Java application that runs an Orkestra engine in-process. It owns the {@link KubernetesClient}, the
 * lifecycle and its own services, and hands the engine a Katalog from its classpath and a hook built from its own
 * objects.
 *
 * <pre>
 * java -cp ... io.orkspace.orkestra.examples.embedded.EmbeddedApp [--kubeconfig FILE]
 * </pre>
 */
public final class EmbeddedApp implements AutoCloseable {

    private final Orkestra engine;

    private EmbeddedApp(Orkestra engine) {
        this.engine = engine;
    }

    /**
     * Starts the AppConfig operator on the given client; returns once its informers have synced and its workers run.
     * The client stays the caller's: {@link #close()} stops the engine, not the client.
     */
    public static EmbeddedApp start(KubernetesClient client, FeatureFlags flags) throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog = loader.parse(resource("/katalog.yaml"), Path.of("classpath:/katalog.yaml"));
        Orkestra engine = Orkestra.builder()
                .client(client)
                .katalog(katalog, loader.templates())
                .hook(new FeatureFlagsHook(flags))
                .hookClassLoader(null)                      // only the hooks registered here; no ServiceLoader scan
                .options(EngineOptions.DEFAULTS.withHookTimeout(Duration.ofSeconds(5)))
                .build();
        engine.start();
        return new EmbeddedApp(engine);
    }

    /** CRD entry → healthy, for the application's own health endpoint. */
    public Map<String, Boolean> health() {
        return engine.health();
    }

    /** Stops the engine, letting in-flight reconciles finish. */
    @Override
    public void close() {
        engine.close();
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C / SIGTERM: ask run() to stop, and keep the JVM alive until it has closed the engine and the client
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(35, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "embedded-app-shutdown"));
        try {
            run(args, stop);
        } finally {
            stopped.countDown();
        }
    }

    /** The application: builds its client, runs the operator until {@code stop}, then closes engine and client, in that order. */
    static void run(String[] args, CountDownLatch stop) throws Exception {
        Config config = args.length == 2 && args[0].equals("--kubeconfig")
                ? Config.fromKubeconfig(Files.readString(Path.of(args[1])))
                : Config.autoConfigure(null);                       // $KUBECONFIG, ~/.kube/config or in-cluster
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             EmbeddedApp app = start(client, FeatureFlags.sample())) {
            System.out.println("AppConfig operator running in-process against " + client.getMasterUrl() + ": " + app.health());
            stop.await();
            System.out.println("stopping");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EmbeddedApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
