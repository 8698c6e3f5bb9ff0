package io.orkspace.orkestra.examples.josdk;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.orkspace.orkestra.engine.Orkestra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One process, one {@link KubernetesClient}, two operator runtimes: the JOSDK {@link ShopReconciler} and an Orkestra
 * engine running {@code katalog.yaml}. Each keeps its own informers, queues and threads. They meet only through the
 * API server: JOSDK writes Websites, and Orkestra reconciles them.
 */
public final class InteropOperator implements AutoCloseable {

    private final Operator josdk;
    private final Orkestra orkestra;

    private InteropOperator(Operator josdk, Orkestra orkestra) {
        this.josdk = josdk;
        this.orkestra = orkestra;
    }

    /** Starts both on {@code client}, Orkestra first (the Websites' operator is up before anything writes one). */
    public static InteropOperator start(KubernetesClient client, Path katalog) throws Exception {
        Orkestra orkestra = Orkestra.builder().client(client).katalog(katalog).build().start();
        Operator josdk = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)               // the client is shared: whoever created it closes it
                .withStopOnInformerErrorDuringStartup(true)
                .withCacheSyncTimeout(Duration.ofSeconds(30)));
        josdk.register(new ShopReconciler());
        try {
            josdk.start();
        } catch (RuntimeException e) {
            orkestra.close();
            throw e;
        }
        return new InteropOperator(josdk, orkestra);
    }

    /** Stops JOSDK, then Orkestra; the client stays open. */
    @Override
    public void close() {
        josdk.stop();
        orkestra.close();
    }

    public static void main(String[] args) throws Exception {
        Path katalog = Path.of(args.length > 0 ? args[0] : "katalog.yaml");
        KubernetesClient client = new KubernetesClientBuilder().build(); // $KUBECONFIG, ~/.kube/config or in-cluster
        InteropOperator operator = start(client, katalog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "interop-shutdown"));
        System.out.println("Shop (JOSDK) and Website (Orkestra) operators running against " + client.getMasterUrl());
        stopped.await();
    }
}
