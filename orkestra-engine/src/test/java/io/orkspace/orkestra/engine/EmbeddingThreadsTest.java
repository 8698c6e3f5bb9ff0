package io.orkspace.orkestra.engine;

import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 9: an embedding host keeps control of the engine's worker threads. */
class EmbeddingThreadsTest {

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: threads}
            spec:
              crds:
                gadget:
                  workers: 2
                  apiTypes: {group: test.orkestra.io, version: v1, kind: Gadget, plural: gadgets}
                  operatorBox:
                    reconciler:
                      default: false
                      constructor: {function: where-am-i}
            """;

    @Test
    void reconcileWorkersComeFromTheHostsThreadFactory() throws Exception {
        ThreadGroup hostGroup = new ThreadGroup("host-workers");
        AtomicInteger made = new AtomicInteger();
        ThreadFactory host = r -> {
            made.incrementAndGet();
            Thread t = new Thread(hostGroup, r);
            t.setDaemon(true);
            return t;
        };
        List<String> reconciledOn = new CopyOnWriteArrayList<>();
        // a Java reconciler, so the Katalog needs no CRD file: the point here is the threads
        Hook whereAmI = new Hook() {
            @Override
            public String name() {
                return "where-am-i";
            }

            @Override
            public HookResult reconcile(HookContext context) {
                return HookResult.done();
            }
        };
        KatalogLoader loader = KatalogLoader.create();
        try (EmbeddedCluster cluster = EmbeddedCluster.start();
             Orkestra engine = Orkestra.builder().client(cluster.client()).katalog(loader.parse(KATALOG, null), loader.templates())
                     .options(EngineOptions.DEFAULTS.withApplyFiles(true)).hook(whereAmI).workerThreadFactory(host).build()) {
            engine.start();
            assertThat(made.get()).isEqualTo(2);
            Thread[] threads = new Thread[hostGroup.activeCount() + 4];
            int n = hostGroup.enumerate(threads);
            for (int i = 0; i < n; i++) {
                reconciledOn.add(threads[i].getName());
            }
            assertThat(reconciledOn).containsExactlyInAnyOrder("orkestra-gadget-worker-0", "orkestra-gadget-worker-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.health().get("gadget"));
        }
    }
}
