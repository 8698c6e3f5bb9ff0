package io.orkspace.orkestra.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import io.orkspace.orkestra.testkit.Requests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Time for N custom resources (a Deployment and a Service each) to converge on the embedded API server, API writes,
 * and peak heap (engine and in-process server together). Run:
 *
 * <pre>
 * mvn -B -q -DskipTests -pl orkestra-bench -am package
 * java -Xmx1g -cp orkestra-bench/target/benchmarks.jar io.orkspace.orkestra.bench.ConvergenceHarness [CRS] [WORKERS]
 * </pre>
 */
public final class ConvergenceHarness {

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: convergence}
            spec:
              crds:
                webapp:
                  workers: %d
                  apiTypes: {group: bench.orkestra.io, version: v1, kind: Webapp, plural: webapps}
                  operatorBox:
                    onCreate:
                      deployments:
                        - name: "{{ .metadata.name }}"
                          image: "{{ .spec.image }}"
                          replicas: "{{ .spec.replicas }}"
                          reconcile: true
                      services:
                        - name: "{{ .metadata.name }}-svc"
                          port: 80
                          targetPort: 8080
                          reconcile: true
            """;

    private ConvergenceHarness() {
    }

    public static void main(String[] args) throws Exception {
        int crs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog = loader.parse(KATALOG.formatted(workers), null);
        try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
            cluster.controllers().workloadsReady(true); // a CR is Ready once its Deployment has rolled out
            KubernetesClient client = cluster.client();
            try (Orkestra engine = Orkestra.builder().client(client).katalog(katalog, loader.templates())
                    .options(EngineOptions.DEFAULTS.withApplyFiles(true)).build()) {
                engine.start();
                System.gc();
                resetPeaks();
                cluster.requests().reset();
                long start = System.nanoTime();
                ExecutorService creators = Executors.newFixedThreadPool(8);
                List<Future<?>> created = new java.util.ArrayList<>();
                for (int i = 0; i < crs; i++) {
                    int n = i;
                    created.add(creators.submit(() -> client.resource(cr(n)).create()));
                }
                for (Future<?> f : created) {
                    f.get();
                }
                creators.shutdown();
                long createdAt = System.nanoTime();
                int ready = 0;
                while (ready < crs) {
                    Thread.sleep(50);
                    ready = countReady(client);
                    if (System.nanoTime() - start > 600_000_000_000L) {
                        throw new IllegalStateException("only " + ready + " of " + crs + " converged in 10 minutes");
                    }
                }
                long converged = System.nanoTime();
                Requests r = cluster.requests();
                double seconds = (converged - start) / 1e9;
                // the engine's own controller_runtime_reconcile_total, all results
                double reconciles = engine.meterRegistry().find("controller_runtime_reconcile").counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                System.out.printf("| CRs | workers | create (s) | converge (s) | CRs/s | reconciles | reconciles/s | applies | status writes | peak heap (MiB) |%n");
                System.out.printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
                System.out.printf("| %d | %d | %.2f | %.2f | %.0f | %.0f | %.0f | %d | %d | %d |%n", crs, workers, (createdAt - start) / 1e9,
                        seconds, crs / seconds, reconciles, reconciles / seconds,
                        r.count("apply", "deployments") + r.count("apply", "services"),
                        r.count("patch", "webapps/status"), peakHeap() / (1024 * 1024));
            }
        }
    }

    private static GenericKubernetesResource cr(int n) {
        return new GenericKubernetesResourceBuilder().withApiVersion("bench.orkestra.io/v1").withKind("Webapp")
                .withNewMetadata().withName("app-" + n).withNamespace("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("image", "nginx:1.27", "replicas", 1)).build();
    }

    private static int countReady(KubernetesClient client) {
        int ready = 0;
        for (GenericKubernetesResource o : client.genericKubernetesResources("bench.orkestra.io/v1", "Webapp").inNamespace("default")
                .list().getItems()) {
            Object status = o.getAdditionalProperties().get("status");
            Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
            if (conditions instanceof List<?> l && l.stream().anyMatch(c -> c instanceof Map<?, ?> cm
                    && "Ready".equals(cm.get("type")) && "True".equals(cm.get("status")))) {
                ready++;
            }
        }
        return ready;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
