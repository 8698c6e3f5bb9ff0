package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load on the webhook routes over keep-alive TLS: {@code /convert} (a ConversionReview of one v1alpha1 Website to v1)
 * and {@code /validate} (an AdmissionReview CREATE that passes three rules), each against Orkestra's
 * {@code WebhookServer} and, in the same run, the same handlers behind the JDK's {@code HttpsServer}; when nginx is
 * installed, also {@link NginxFloorServer} (nginx answering a canned copy of the answer: what TLS and HTTP alone cost
 * here, and the tail this machine gives a server that neither evaluates nor collects garbage). Each JVM server runs in
 * a JVM of its own ({@link ForkedContender}, flags {@code server-jvm=}; {@code fork=false}: both in this JVM, as
 * measured before 2026-12), as a webhook does in production: no heap, JIT profile or threads shared with the other
 * server or the harness. The load comes from another process: {@code webhook-load}, a C load generator (one thread, epoll,
 * OpenSSL; {@code src/main/c/webhook-load.c}, shipped in this jar and compiled with {@code cc} at start), or, without
 * a C compiler or OpenSSL's headers, {@link WebhookLoadClient} in a second JVM. One run per cell: a closed loop for
 * the throughput (again with {@code wrk} when it is installed), then {@code repeat} runs at a fixed rate for the
 * latency at that load, the servers taking turns; the table gives each figure's median over those runs and every
 * run's p99. Around the measured seconds of each run the harness reads the server's CPU time (the figure the machine's
 * noise moves least: what a request costs the server) and the machine's {@code /proc/stat} (how busy it was, how much
 * the hypervisor took); {@code stall-meter=true} (with {@code fork=false}) adds a thread in the servers' JVM that
 * counts the times it could not run. Run (the servers' JVM flags default to the ones docs/performance.md recommends for
 * a webhook; see there why):
 *
 * <pre>
 * mvn -B -q -DskipTests -pl orkestra-webhook,orkestra-bench -am install
 * java -cp orkestra-bench/target/benchmarks.jar io.orkspace.orkestra.bench.WebhookLoadHarness \
 *      [seconds=10] [warmup=15] [rate=5000] [connections=16] [repeat=1] [servers=orkestra,jdk,nginx] [routes=convert,validate] \
 *      [client=auto|c|java] [wrk=auto|true|false] [client-jvm="-Xms256m -Xmx256m -XX:+UseParallelGC"] [client-cpus=1] \
 *      [logs=DIR] [fork=true|false] [server-jvm="-Xms1g -Xmx1g -XX:+UseTransparentHugePages"] [stall-meter=false|true] \
 *      [inline-max-bytes=16384] [io-threads=0] [worker-threads=0]
 * </pre>
 *
 * {@code client-cpus=LIST} starts the load generator under {@code taskset -c LIST}; with this JVM started under
 * {@code taskset -c} other cores, servers and load generator no longer take each other's CPU time.
 * {@code inline-max-bytes}, {@code io-threads}, {@code worker-threads} set Orkestra's {@code WebhookOptions}.
 *
 * {@code logs=DIR} keeps, per fixed-rate run, the load generator's record of its requests: with {@code webhook-load},
 * {@code <route>-<server>-<run>.requests.txt}, every request's answer time (CLOCK_MONOTONIC ns) and latency, on the
 * clock of the servers' {@code -Xlog:gc,safepoint:file=DIR/server-%p.log:uptime,tn} ({@code tn}; add it to
 * {@code server-jvm=}, {@code %p} is each JVM's pid), so slow requests line up with collections and safepoints; with
 * the Java client, its own GC and safepoint log and its requests slower than 1 ms
 * with wall-clock times.
 */
public final class WebhookLoadHarness {

    /** The conversion of website-versions and three validation rules on the v1 entry. */
    static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: webhook-bench}
            spec:
              crds:
                website:
                  apiTypes: {group: demo.orkestra.io, version: v1, kind: Website, plural: websites}
                  conversion:
                    storageVersion: v1
                    paths:
                      - from: v1alpha1
                        to: v1
                        spec:
                          image: "{{ .spec.image }}"
                          replicas: "{{ .spec.replicas }}"
                          seo:
                            enabled: false
                      - from: v1
                        to: v1alpha1
                        spec:
                          image: "{{ .spec.image }}"
                          replicas: "{{ .spec.replicas }}"
                  validation:
                    rules:
                      - field: spec.replicas
                        max: 10
                        message: replicas must not exceed 10
                      - field: spec.image
                        prefix: "nginx:"
                        message: image must be nginx
                      - field: spec.seo.enabled
                        exists: true
                        message: spec.seo.enabled is required
            """;

    static final String CONVERSION_REVIEW = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"ConversionReview","request":{
             "uid":"705ab4f5-6393-11e8-b7cc-42010a800002","desiredAPIVersion":"demo.orkestra.io/v1","objects":[
             {"apiVersion":"demo.orkestra.io/v1alpha1","kind":"Website","metadata":{"name":"legacy-site","namespace":"default",
              "uid":"1c5b6a2e-0000-4000-8000-000000000001","resourceVersion":"42","generation":1,
              "labels":{"app":"legacy-site"}},"spec":{"image":"nginx:1.25","replicas":2},
              "status":{"conditions":[{"type":"Ready","status":"True","reason":"Reconciled"}]}}]}}
            """;

    static final String ADMISSION_REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
             "uid":"b0c3f1e2-0000-4000-8000-000000000001",
             "kind":{"group":"demo.orkestra.io","version":"v1","kind":"Website"},
             "resource":{"group":"demo.orkestra.io","version":"v1","resource":"websites"},
             "operation":"CREATE","namespace":"default","userInfo":{"username":"alice"},
             "object":{"apiVersion":"demo.orkestra.io/v1","kind":"Website","metadata":{"name":"modern-site","namespace":"default"},
              "spec":{"image":"nginx:1.25","replicas":3,"seo":{"enabled":true}}}}}
            """;

    private record Route(String name, String path, String body, String expect) {
    }

    /** The forked servers' JVM flags: the ones docs/performance.md recommends for a busy webhook (see there why). */
    static final String DEFAULT_SERVER_JVM = "-Xms1g -Xmx1g -XX:+UseTransparentHugePages";

    private WebhookLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        String defaultServers = NginxFloorServer.executable() == null ? "orkestra,jdk" : "orkestra,jdk,nginx";
        Map<String, String> a = new HashMap<>(Map.of("seconds", "10", "rate", "5000", "connections", "16", "warmup", "15",
                "repeat", "1", "servers", defaultServers, "routes", "convert,validate",
                "client-jvm", LoadGenerator.DEFAULT_CLIENT_JVM, "wrk", "auto"));
        a.put("client", "auto");
        a.put("stall-meter", "false");
        a.put("fork", "true");
        a.put("server-jvm", DEFAULT_SERVER_JVM);
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Katalog katalog = KatalogLoader.create().parse(KATALOG, null);
        WebhookOptions options = WebhookOptions.DEFAULTS;
        if (a.containsKey("inline-max-bytes")) {
            options = options.withInlineMaxBytes(Integer.parseInt(a.get("inline-max-bytes")));
        }
        if (a.containsKey("io-threads") || a.containsKey("worker-threads")) {
            options = options.withThreads(Integer.parseInt(a.getOrDefault("io-threads", "0")),
                    Integer.parseInt(a.getOrDefault("worker-threads", "0")));
        }
        Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "bench"));
        Path dir = Files.createTempDirectory("webhook-bench");
        Path ca = Files.writeString(dir.resolve("ca.pem"), certs.caBundlePem());
        Path logs = a.containsKey("logs") ? Files.createDirectories(Path.of(a.get("logs"))) : null;
        List<Route> routes = new ArrayList<>();
        for (Route r : List.of(new Route("/convert", "/convert/website", CONVERSION_REVIEW, "\"status\":\"Success\""),
                new Route("/validate", "/validate/website", ADMISSION_REVIEW, "\"allowed\":true"))) {
            if (List.of(a.get("routes").split(",")).contains(r.name().substring(1))) {
                routes.add(r);
            }
        }
        List<String> wanted = List.of(a.get("servers").split(","));
        boolean wrk = switch (a.get("wrk")) {
            case "true" -> true;
            case "false" -> false;
            default -> LoadGenerator.hasWrk();
        };
        int repeat = Integer.parseInt(a.get("repeat"));
        LoadGenerator load = new LoadGenerator(switch (a.get("client")) {
            case "java" -> null;
            case "c" -> LoadGenerator.compileCClient(dir, true);
            default -> LoadGenerator.compileCClient(dir, false);
        }, a);
        if (!wanted.contains("nginx") && NginxFloorServer.executable() == null) {
            System.out.println("(nginx is not installed: no floor row; apt-get install nginx-light)");
        }

        Map<WebhookContender.Kind, WebhookContender> servers = new EnumMap<>(WebhookContender.Kind.class);
        try {
            boolean fork = Boolean.parseBoolean(a.get("fork"));
            List<String> serverJvm = List.of(a.get("server-jvm").trim().split("\\s+"));
            List<String> jvms = new ArrayList<>();
            for (WebhookContender.Kind kind : WebhookContender.Kind.values()) {
                if (wanted.contains(kind.name().toLowerCase(Locale.ROOT))) {
                    if (fork && kind != WebhookContender.Kind.NGINX) {
                        ForkedContender forked = ForkedContender.start(kind, certs, options, serverJvm, dir);
                        servers.put(kind, forked);
                        jvms.add(kind.label + ": " + forked.jvm());
                    } else {
                        servers.put(kind, kind.start(katalog, certs, options));
                    }
                }
            }
            if (jvms.isEmpty() || servers.size() > jvms.size() + (servers.containsKey(WebhookContender.Kind.NGINX) ? 1 : 0)) {
                jvms.add("servers in this JVM: " + Meters.jvm());
            }
            for (Route r : routes) {
                for (Map.Entry<WebhookContender.Kind, WebhookContender> s : servers.entrySet()) {
                    check(certs, s.getValue().port(), r, s.getKey());
                }
            }
            String loadBefore = Meters.loadAverage();
            System.out.printf("%s; Orkestra's server: %s event loops, %s workers, reviews up to %,d bytes on the event loop%n",
                    fork ? "each JVM server in its own JVM (" + a.get("server-jvm") + "): " + String.join("; ", jvms)
                            : String.join("; ", jvms), options.ioThreads() == 0 ? "one per CPU" : options.ioThreads(),
                    options.workerThreads() == 0 ? "one per CPU" : options.workerThreads(), options.inlineMaxBytes());
            System.out.printf("JDK %s, %d CPUs, %s connections, %ss per run after %ss warm-up, fixed rate %s req/s x %d, "
                            + "load generator: %s, wrk: %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), a.get("connections"),
                    a.get("seconds"), a.get("warmup"), a.get("rate"), repeat,
                    load.label().equals("C client") ? "webhook-load (C)" : "WebhookLoadClient, JVM " + a.get("client-jvm"),
                    wrk ? "yes" : "no");
            List<String> rows = new ArrayList<>();
            for (Route r : routes) {
                Path body = Files.writeString(dir.resolve(r.name().substring(1) + ".json"), r.body());
                Map<WebhookContender.Kind, LoadResult> closed = new EnumMap<>(WebhookContender.Kind.class);
                Map<WebhookContender.Kind, LoadResult> closedWrk = new EnumMap<>(WebhookContender.Kind.class);
                Map<WebhookContender.Kind, List<LoadResult>> fixed = new EnumMap<>(WebhookContender.Kind.class);
                for (WebhookContender.Kind kind : servers.keySet()) {
                    WebhookContender server = servers.get(kind);
                    closed.put(kind, load.run(server.port(), ca, r.path(), body, "0", server::cpuNanos, null));
                    System.out.printf("  %-9s %-30s closed loop (%s): %s%n", r.name(), kind.label, load.label(), closed.get(kind));
                    if (wrk) {
                        closedWrk.put(kind, load.wrk(server.port(), r.path(), body, dir));
                        System.out.printf("  %-9s %-30s closed loop (wrk):       %s%n", r.name(), kind.label, closedWrk.get(kind));
                    }
                }
                for (int i = 0; i < repeat; i++) { // interleaved, so a noisy minute hits every server alike
                    for (WebhookContender.Kind kind : servers.keySet()) {
                        WebhookContender server = servers.get(kind);
                        Path trace = logs == null ? null
                                : logs.resolve(r.name().substring(1) + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + i);
                        String loadAverage = Meters.loadAverage();
                        Meters.Stalls stalls = Boolean.parseBoolean(a.get("stall-meter")) ? Meters.Stalls.start() : null;
                        long[] gcBefore = server.gcCountAndMillis();
                        LoadResult f = load.run(server.port(), ca, r.path(), body, a.get("rate"), server::cpuNanos, trace);
                        long[] gcAfter = server.gcCountAndMillis();
                        if (stalls != null) {
                            stalls.stop();
                        }
                        fixed.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
                        System.out.printf("  %-9s %-30s at %s req/s (%d/%d): %s; GC %d times, %d ms (warm-up included); "
                                        + "stalls of this JVM %s; load average %s%n", r.name(), kind.label, a.get("rate"), i + 1,
                                repeat, f, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1],
                                stalls == null ? "not measured" : stalls, loadAverage);
                    }
                }
                for (WebhookContender.Kind kind : servers.keySet()) {
                    LoadResult c = closed.get(kind);
                    LoadResult f = LoadResult.median(fixed.get(kind));
                    LoadResult w = closedWrk.get(kind);
                    rows.add(String.format(Locale.ROOT, "| `%s` | %s | %,.0f | %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %d |",
                            r.name(), kind.label, c.rate(), w == null ? "" : String.format(Locale.ROOT, "%,.0f", w.rate()),
                            c.cpuPerRequest(), c.p50() / 1e3, c.p99() / 1e3, f.p50() / 1e3, f.p99() / 1e3, f.p999() / 1e3,
                            LoadResult.p99s(fixed.get(kind)), c.errors() + f.errors() + (w == null ? 0 : w.errors())));
                }
                if (servers.containsKey(WebhookContender.Kind.ORKESTRA) && servers.containsKey(WebhookContender.Kind.JDK)) {
                    LoadResult co = closed.get(WebhookContender.Kind.ORKESTRA);
                    LoadResult cj = closed.get(WebhookContender.Kind.JDK);
                    LoadResult wo = closedWrk.get(WebhookContender.Kind.ORKESTRA);
                    LoadResult wj = closedWrk.get(WebhookContender.Kind.JDK);
                    LoadResult fo = LoadResult.median(fixed.get(WebhookContender.Kind.ORKESTRA));
                    LoadResult fj = LoadResult.median(fixed.get(WebhookContender.Kind.JDK));
                    rows.add(String.format(Locale.ROOT, "| `%s` | ratio Orkestra / JDK | **%.2f×** | %s | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× | | |",
                            r.name(), co.rate() / cj.rate(), wo == null ? "" : String.format(Locale.ROOT, "**%.2f×**", wo.rate() / wj.rate()),
                            co.cpuPerRequest() / cj.cpuPerRequest(), co.p50() / cj.p50(), co.p99() / cj.p99(),
                            fo.p50() / fj.p50(), fo.p99() / fj.p99(), fo.p999() / fj.p999()));
                }
            }
            System.out.println("load average before/after (other processes share the machine): " + loadBefore + " / "
                    + Meters.loadAverage());
            System.out.println();
            System.out.println("| route | server | closed loop req/s (" + load.label() + ") | (wrk) | server CPU µs/request "
                    + "| p50 ms | p99 ms | at " + a.get("rate") + " req/s: p50 ms | p99 ms (median) | p99.9 ms "
                    + "| p99 of each run | errors |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            rows.forEach(System.out::println);
        } finally {
            servers.values().forEach(WebhookContender::close);
        }
    }

    /** One request through the JDK client: every server must give the same successful answer before any load. */
    private static void check(Certificates certs, int port, Route r, WebhookContender.Kind kind) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(Certificates.trusting(certs.caBundlePem()))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + r.path()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(r.body())).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200 || !res.body().contains(r.expect())) {
            throw new IllegalStateException(kind.label + " " + r.path() + " answered " + res.statusCode() + ": " + res.body());
        }
    }
}
