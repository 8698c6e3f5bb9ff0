package io.orkspace.orkestra.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work the {@link ApiServerHarness} gives each server: ConfigMaps spread over namespaces, written and read by N
 * concurrent clients, each with its own fabric8 client, in phases whose per-request latencies are kept by verb.
 * The same seeds pick the same objects on every server.
 */
final class ApiServerWorkload {

    /** How much work; {@link #DEFAULTS} is the 20,000 objects, 100 namespaces and 8 clients. */
    record Size(int objects, int namespaces, int clients, int small, int gets, int lists, int patches, int applies, int watches) {
        static final Size DEFAULTS = new Size(20_000, 100, 8, 1_000, 4_000, 400, 2_000, 2_000, 400);

        /** A run a tenth as long on {@code small} objects, on a server of its own, to warm the JIT up before measuring. */
        Size warmUp() {
            int objects = Math.max(small, namespaces);
            return new Size(objects, namespaces, clients, Math.max(namespaces, small / 2), Math.max(clients, gets / 10),
                    Math.max(clients, lists / 10), Math.max(clients, patches / 10), Math.max(clients, applies / 10),
                    Math.max(clients, watches / 10));
        }
    }

    /** One timed request (or, for watch, a write and the wait for its event). */
    private interface Op {
        void run(KubernetesClient client, int worker, SplittableRandom random);
    }

    private final Size size;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final ExecutorService pool;
    private final Map<String, Latencies> results = new LinkedHashMap<>();
    private int phases;

    ApiServerWorkload(Size size) {
        this.size = size;
        this.pool = Executors.newFixedThreadPool(size.clients());
    }

    static String getAtSmall(Size size) {
        return String.format("get (at %,d objects)", size.small());
    }

    static String getAtFull(Size size) {
        return String.format("get (at %,d objects)", size.objects());
    }

    /** Runs every phase against the server and returns the latencies by row of the report, in order. */
    Map<String, Latencies> run(ApiServerContender server) throws Exception {
        connect(server);
        try {
            results.put("create", create(size.objects()));
            phase(size.gets() / 2, get(size.objects())); // a first round, not kept
            results.put(getAtFull(size), phase(size.gets(), get(size.objects())));
            results.put(String.format("list (one namespace, %,d objects)", size.objects() / size.namespaces()), phase(size.lists(),
                    (c, w, r) -> c.configMaps().inNamespace(namespace(r.nextInt(size.namespaces()))).list()));
            results.put("patch (JSON merge)", phase(size.patches(), (c, w, r) -> {
                int i = r.nextInt(size.objects());
                mergePatch(c, i, "{\"data\":{\"patched\":\"" + r.nextInt() + "\"}}");
            }));
            results.put("apply (server-side)", phase(size.applies(), (c, w, r) -> {
                int i = r.nextInt(size.objects());
                ConfigMap applied = new ConfigMapBuilder().withNewMetadata().withName(name(i)).withNamespace(namespaceOf(i)).endMetadata()
                        .addToData("applied", Integer.toString(r.nextInt())).build();
                c.configMaps().inNamespace(namespaceOf(i)).resource(applied).fieldManager("bench-" + w).forceConflicts().serverSideApply();
            }));
            results.put("watch (patch → event seen)", watches());
            return results;
        } finally {
            clients.forEach(KubernetesClient::close);
            pool.shutdownNow();
        }
    }

    /**
     * GETs on a store of {@code small} objects, the baseline of the size check. Measured on a server of its own after the
     * full run, so that both sides of the ratio are taken with the JIT equally warm.
     */
    Latencies getsAtSmallSize(ApiServerContender server) throws Exception {
        connect(server);
        try {
            create(size.small());
            phase(size.gets() / 2, get(size.small())); // a first round, not kept
            return phase(size.gets(), get(size.small()));
        } finally {
            clients.forEach(KubernetesClient::close);
            pool.shutdownNow();
        }
    }

    private void connect(ApiServerContender server) {
        for (int i = 0; i < size.clients(); i++) {
            clients.add(server.newClient());
        }
        for (int n = 0; n < size.namespaces(); n++) {
            clients.get(0).namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(n)).endMetadata().build())
                    .create();
        }
    }

    /** Creates objects 0 to count - 1, spread over the namespaces. */
    private Latencies create(int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return phase(count, (c, w, r) -> {
            int i = next.getAndIncrement();
            c.configMaps().inNamespace(namespaceOf(i)).resource(configMap(i)).create();
        });
    }

    private Op get(int present) {
        return (c, w, r) -> {
            int i = r.nextInt(present);
            if (c.configMaps().inNamespace(namespaceOf(i)).withName(name(i)).get() == null) {
                throw new IllegalStateException(name(i) + " is missing");
            }
        };
    }

    /** Each client watches one namespace and measures how long a patch takes to come back as a MODIFIED event. */
    private Latencies watches() throws Exception {
        List<BlockingQueue<String>> seen = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        try {
            for (int w = 0; w < size.clients(); w++) {
                BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                seen.add(queue);
                watches.add(clients.get(w).configMaps().inNamespace(namespace(w % size.namespaces())).watch(new Watcher<ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap cm) {
                        // ADDED too: a watch still opening when the first patch lands starts with the current objects
                        if ((action == Action.MODIFIED || action == Action.ADDED) && cm.getData() != null
                                && cm.getData().get("marker") != null) {
                            queue.add(cm.getData().get("marker"));
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // the phase's timeout reports a watch that ended early
                    }
                }));
            }
            Op patchAndWait = (c, w, r) -> {
                int perNamespace = size.objects() / size.namespaces();
                int i = w % size.namespaces() + size.namespaces() * r.nextInt(perNamespace);
                String marker = w + "-" + r.nextLong();
                mergePatch(c, i, "{\"data\":{\"marker\":\"" + marker + "\"}}");
                awaitMarker(seen.get(w), marker);
            };
            phase(size.clients(), patchAndWait); // every watch is open and delivering
            return phase(size.watches(), patchAndWait);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /**
     * One PATCH request. ({@code withName(n).patch(...)} would first GET the object: fabric8 does that when it has no
     * item; given one, it sends the patch alone.)
     */
    private void mergePatch(KubernetesClient c, int i, String patch) {
        ConfigMap target = new ConfigMapBuilder().withNewMetadata().withName(name(i)).withNamespace(namespaceOf(i)).endMetadata().build();
        c.configMaps().inNamespace(namespaceOf(i)).resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static void awaitMarker(BlockingQueue<String> queue, String marker) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String m = queue.poll(30, TimeUnit.SECONDS); !marker.equals(m); m = queue.poll(30, TimeUnit.SECONDS)) {
                if (m == null || System.nanoTime() > deadline) {
                    throw new IllegalStateException("no watch event for marker " + marker + " within 30 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code total} operations spread over the clients, one thread each, and times every one of them. */
    private Latencies phase(int total, Op op) throws Exception {
        Latencies latencies = new Latencies();
        int phase = ++phases;
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < size.clients(); w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                // seeded by phase and worker: every server gets the same picks, and no two phases repeat them (a patch
                // that repeats a value changes nothing, and a real server then sends no watch event)
                SplittableRandom random = new SplittableRandom(1_000_003L * phase + worker);
                KubernetesClient client = clients.get(worker);
                for (int i = worker; i < total; i += size.clients()) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(client, worker, random);
                        latencies.add(System.nanoTime() - t0);
                    } catch (KubernetesClientException e) {
                        latencies.fail(e.getCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        latencies.wall(System.nanoTime() - start);
        return latencies;
    }

    private String namespace(int n) {
        return "ns-" + n;
    }

    private String namespaceOf(int i) {
        return namespace(i % size.namespaces());
    }

    private static String name(int i) {
        return "cm-" + i;
    }

    private ConfigMap configMap(int i) {
        return new ConfigMapBuilder().withNewMetadata().withName(name(i)).withNamespace(namespaceOf(i))
                .addToLabels("app", "bench").addToLabels("shard", Integer.toString(i % 10)).endMetadata()
                .addToData("index", Integer.toString(i))
                .addToData("settings.properties", "greeting=hello\ncolour=blue\nsize=" + i + "\nenabled=true\n")
                .build();
    }
}
