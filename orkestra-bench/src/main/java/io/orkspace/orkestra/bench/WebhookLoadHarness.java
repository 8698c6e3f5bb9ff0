package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * {@code WebhookServer} and, in the same run, the same handlers behind the JDK's {@code HttpsServer}. Both servers run
 * in this JVM; the load comes from a second process: {@code webhook-load}, a C load generator (one thread, epoll,
 * OpenSSL; {@code src/main/c/webhook-load.c}, shipped in this jar and compiled with {@code cc} at start), or, without
 * a C compiler or OpenSSL's headers, {@link WebhookLoadClient} in a second JVM. One run per cell: a closed loop for
 * the throughput (again with {@code wrk} when it is installed), then {@code repeat} runs at a fixed rate for the
 * latency at that load, the servers taking turns; the table gives each figure's median over those runs and every
 * run's p99. During each fixed-rate run a stall meter in this JVM counts the times it could not run.
 * Run (the JVM flags are the ones docs/performance.md recommends for a webhook; see there why):
 *
 * <pre>
 * mvn -B -q -DskipTests -pl orkestra-webhook,orkestra-bench -am install
 * java -Xms1g -Xmx1g -XX:+UseTransparentHugePages -cp orkestra-bench/target/benchmarks.jar \
 *      io.orkspace.orkestra.bench.WebhookLoadHarness \
 *      [seconds=10] [warmup=15] [rate=5000] [connections=16] [repeat=1] [servers=orkestra,jdk] [routes=convert,validate] \
 *      [client=auto|c|java] [wrk=auto|true|false] [client-jvm="-Xms256m -Xmx256m -XX:+UseParallelGC"] [client-cpus=1] \
 *      [logs=DIR] [stall-meter=true|false] [inline-max-bytes=16384] [io-threads=0] [worker-threads=0]
 * </pre>
 *
 * {@code client-cpus=LIST} starts the load generator under {@code taskset -c LIST}; with this JVM started under
 * {@code taskset -c} other cores, servers and load generator no longer take each other's CPU time.
 * {@code inline-max-bytes}, {@code io-threads}, {@code worker-threads} set Orkestra's {@code WebhookOptions}.
 *
 * {@code logs=DIR} (Java client only) keeps, per fixed-rate run, the client JVM's GC and safepoint log and the list of
 * its requests slower than 1 ms with wall-clock times, to line up with {@code -Xlog:gc*,safepoint:file=...:time} of
 * this JVM.
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

    /** The load client's JVM: a small heap and the parallel collector (its pauses are short and it has few threads). */
    static final String DEFAULT_CLIENT_JVM = "-Xms256m -Xmx256m -XX:+UseParallelGC";

    private record Result(double requests, double seconds, double p50, double p99, double p999, double max, long errors) {
        double rate() {
            return requests / seconds;
        }

        /** Each figure's median over runs (so each figure is one a run gave). */
        static Result median(List<Result> runs) {
            return new Result(med(runs, Result::requests), med(runs, Result::seconds), med(runs, Result::p50),
                    med(runs, Result::p99), med(runs, Result::p999), med(runs, Result::max), runs.stream().mapToLong(Result::errors).sum());
        }

        private static double med(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
            double[] v = runs.stream().mapToDouble(f).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        /** "0.61, 0.74, 3.10": every run's p99 in ms, in run order. */
        static String p99s(List<Result> runs) {
            return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.p99() / 1e3))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        static Result parse(String line) {
            Map<String, String> v = new HashMap<>();
            for (String kv : line.substring("RESULT ".length()).split(" ")) {
                v.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            return new Result(Double.parseDouble(v.get("requests")), Double.parseDouble(v.get("seconds")),
                    Double.parseDouble(v.get("p50")), Double.parseDouble(v.get("p99")), Double.parseDouble(v.get("p999")),
                    Double.parseDouble(v.get("max")), Long.parseLong(v.get("errors")));
        }
    }

    private WebhookLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("seconds", "10", "rate", "5000", "connections", "16", "warmup", "15",
                "repeat", "1", "servers", "orkestra,jdk", "routes", "convert,validate", "client-jvm", DEFAULT_CLIENT_JVM,
                "wrk", "auto"));
        a.put("client", "auto");
        a.put("stall-meter", "true");
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
            default -> hasWrk();
        };
        int repeat = Integer.parseInt(a.get("repeat"));
        Path cClient = switch (a.get("client")) {
            case "java" -> null;
            case "c" -> compileCClient(dir, true);
            default -> compileCClient(dir, false);
        };
        String clientLabel = cClient == null ? "Java client" : "C client";

        Map<WebhookContender.Kind, WebhookContender> servers = new EnumMap<>(WebhookContender.Kind.class);
        try {
            for (WebhookContender.Kind kind : WebhookContender.Kind.values()) {
                if (wanted.contains(kind.name().toLowerCase(Locale.ROOT))) {
                    servers.put(kind, kind.start(katalog, certs, options));
                }
            }
            for (Route r : routes) {
                for (Map.Entry<WebhookContender.Kind, WebhookContender> s : servers.entrySet()) {
                    check(certs, s.getValue().port(), r, s.getKey());
                }
            }
            String loadBefore = loadAverage();
            System.out.printf("servers' JVM: %s; Orkestra's server: %s event loops, %s workers, reviews up to %,d bytes on "
                            + "the event loop%n", jvm(), options.ioThreads() == 0 ? "one per CPU" : options.ioThreads(),
                    options.workerThreads() == 0 ? "one per CPU" : options.workerThreads(), options.inlineMaxBytes());
            System.out.printf("JDK %s, %d CPUs, %s connections, %ss per run after %ss warm-up, fixed rate %s req/s x %d, "
                            + "load generator: %s, wrk: %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), a.get("connections"),
                    a.get("seconds"), a.get("warmup"), a.get("rate"), repeat,
                    cClient == null ? "WebhookLoadClient, JVM " + a.get("client-jvm") : "webhook-load (C)", wrk ? "yes" : "no");
            List<String> rows = new ArrayList<>();
            for (Route r : routes) {
                Path body = Files.writeString(dir.resolve(r.name().substring(1) + ".json"), r.body());
                Map<WebhookContender.Kind, Result> closed = new EnumMap<>(WebhookContender.Kind.class);
                Map<WebhookContender.Kind, Result> closedWrk = new EnumMap<>(WebhookContender.Kind.class);
                Map<WebhookContender.Kind, List<Result>> fixed = new EnumMap<>(WebhookContender.Kind.class);
                for (WebhookContender.Kind kind : servers.keySet()) {
                    closed.put(kind, load(cClient, servers.get(kind).port(), ca, r.path(), body, a, "0", null));
                    System.out.printf("  %-9s %-30s closed loop (%s): %s%n", r.name(), kind.label, clientLabel, closed.get(kind));
                    if (wrk) {
                        closedWrk.put(kind, wrk(servers.get(kind).port(), r.path(), body, dir, a));
                        System.out.printf("  %-9s %-30s closed loop (wrk):         %s%n", r.name(), kind.label, closedWrk.get(kind));
                    }
                }
                for (int i = 0; i < repeat; i++) { // interleaved, so a noisy minute hits both servers alike
                    for (WebhookContender.Kind kind : servers.keySet()) {
                        Path trace = logs == null ? null
                                : logs.resolve(r.name().substring(1) + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + i);
                        String load = loadAverage();
                        Stalls stalls = Boolean.parseBoolean(a.get("stall-meter")) ? Stalls.start() : null;
                        long[] gcBefore = gcCountAndMillis();
                        Result f = load(cClient, servers.get(kind).port(), ca, r.path(), body, a, a.get("rate"), trace);
                        long[] gcAfter = gcCountAndMillis();
                        if (stalls != null) {
                            stalls.stop();
                        }
                        fixed.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
                        System.out.printf("  %-9s %-30s at %s req/s (%d/%d): %s; GC %d times, %d ms (warm-up included); "
                                        + "server JVM stalls %s; load %s%n", r.name(), kind.label, a.get("rate"), i + 1, repeat, f,
                                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], stalls == null ? "not measured" : stalls, load);
                    }
                }
                for (WebhookContender.Kind kind : servers.keySet()) {
                    Result c = closed.get(kind);
                    Result f = Result.median(fixed.get(kind));
                    Result w = closedWrk.get(kind);
                    rows.add(String.format(Locale.ROOT, "| `%s` | %s | %,.0f | %s | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f | %s | %d |",
                            r.name(), kind.label, c.rate(), w == null ? "" : String.format(Locale.ROOT, "%,.0f", w.rate()),
                            c.p50() / 1e3, c.p99() / 1e3, f.rate(), f.p50() / 1e3, f.p99() / 1e3, f.p999() / 1e3,
                            Result.p99s(fixed.get(kind)), c.errors() + fixed.get(kind).stream().mapToLong(Result::errors).sum()
                                    + (w == null ? 0 : w.errors())));
                }
                if (servers.size() == 2) {
                    Result co = closed.get(WebhookContender.Kind.ORKESTRA);
                    Result cj = closed.get(WebhookContender.Kind.JDK);
                    Result wo = closedWrk.get(WebhookContender.Kind.ORKESTRA);
                    Result wj = closedWrk.get(WebhookContender.Kind.JDK);
                    Result fo = Result.median(fixed.get(WebhookContender.Kind.ORKESTRA));
                    Result fj = Result.median(fixed.get(WebhookContender.Kind.JDK));
                    rows.add(String.format(Locale.ROOT, "| `%s` | ratio Orkestra / JDK | **%.2f×** | %s | %.2f× | %.2f× | | %.2f× | %.2f× | %.2f× | | |",
                            r.name(), co.rate() / cj.rate(), wo == null ? "" : String.format(Locale.ROOT, "**%.2f×**", wo.rate() / wj.rate()),
                            co.p50() / cj.p50(), co.p99() / cj.p99(), fo.p50() / fj.p50(), fo.p99() / fj.p99(), fo.p999() / fj.p999()));
                }
            }
            System.out.println("load average before/after (other processes share the machine): " + loadBefore + " / " + loadAverage());
            System.out.println();
            System.out.println("| route | server | closed loop req/s (" + clientLabel + ") | (wrk) | p50 ms | p99 ms "
                    + "| fixed rate: req/s achieved | p50 ms | p99 ms | p99.9 ms | p99 of each run | errors |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            rows.forEach(System.out::println);
        } finally {
            servers.values().forEach(WebhookContender::close);
        }
    }

    /**
     * A stall meter in the servers' JVM: a thread that asks to sleep 0.2 ms, over and over, and counts how much later
     * than asked it wakes up. A late wake-up is a time this JVM could not run (a GC pause, a safepoint, no free core):
     * every request in flight then waits as long, whichever server it is on.
     */
    static final class Stalls implements Runnable {
        private volatile boolean running = true;
        private final Thread thread = new Thread(this, "stall-meter");
        private long over1ms;
        private long over10ms;
        private long longest;

        static Stalls start() {
            Stalls s = new Stalls();
            s.thread.setDaemon(true);
            s.thread.start();
            return s;
        }

        @Override
        public void run() {
            while (running) {
                long t0 = System.nanoTime();
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                long late = System.nanoTime() - t0 - 200_000;
                if (late > 1_000_000) {
                    over1ms++;
                }
                if (late > 10_000_000) {
                    over10ms++;
                }
                longest = Math.max(longest, late);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "> 1 ms: %d, > 10 ms: %d, longest %.1f ms", over1ms, over10ms, longest / 1e6);
        }
    }

    /** The collector, heap and the memory flags that matter to the tail (see docs/performance.md). */
    private static String jvm() {
        String gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(java.util.stream.Collectors.joining(" + "));
        var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return String.format(Locale.ROOT, "%s, heap %d MiB, UseTransparentHugePages=%s, AlwaysPreTouch=%s", gcs,
                Runtime.getRuntime().maxMemory() >> 20, hotspot.getVMOption("UseTransparentHugePages").getValue(),
                hotspot.getVMOption("AlwaysPreTouch").getValue());
    }

    /** Collections so far and the milliseconds they took, over every collector of this JVM. */
    private static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** One request through the JDK client: both servers must give the same successful answer before any load. */
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

    /**
     * Compiles {@code webhook-load.c} (shipped in this jar) with {@code cc -O2 ... -lssl -lcrypto} into {@code dir}.
     * Without a C compiler or OpenSSL's headers ({@code apt-get install gcc libssl-dev}) it returns null (the Java
     * client is used) unless {@code required}.
     */
    static Path compileCClient(Path dir, boolean required) throws Exception {
        Path source = dir.resolve("webhook-load.c");
        try (var in = WebhookLoadHarness.class.getResourceAsStream("webhook-load.c")) {
            if (in == null) {
                throw new IllegalStateException("webhook-load.c is not in the jar: rebuild orkestra-bench");
            }
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("webhook-load");
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lssl", "-lcrypto")
                    .redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } catch (java.io.IOException e) {
            out = e.getMessage();
            exit = -1;
        }
        if (exit == 0) {
            return binary;
        }
        if (required) {
            throw new IllegalStateException("cannot compile the C load generator (apt-get install gcc libssl-dev): " + out);
        }
        System.out.println("(no C compiler or OpenSSL headers: the Java load client is used; apt-get install gcc libssl-dev)");
        return null;
    }

    /**
     * Runs the load generator in a second process ({@code webhook-load}, the C one, when {@code cClient} is not null;
     * else {@link WebhookLoadClient} in a second JVM) and parses its one-line result.
     */
    private static Result load(Path cClient, int port, Path ca, String path, Path body, Map<String, String> a, String rate,
                               Path trace) throws Exception {
        List<String> command = new ArrayList<>();
        if (a.containsKey("client-cpus")) { // the load generator on its own cores (run this JVM under taskset too)
            command.addAll(List.of("taskset", "-c", a.get("client-cpus")));
        }
        if (cClient != null) {
            command.addAll(List.of(cClient.toString(), "port=" + port, "ca=" + ca, "path=" + path, "body=" + body,
                    "connections=" + a.get("connections"), "warmup=" + a.get("warmup"), "seconds=" + a.get("seconds"),
                    "rate=" + rate));
            return run(command);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(a.get("client-jvm").trim().split("\\s+")));
        if (trace != null) {
            command.add("-Xlog:gc*,safepoint:file=" + trace + ".client-gc.log:time,uptime");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                WebhookLoadClient.class.getName(), "port=" + port, "ca=" + ca, "path=" + path, "body=" + body,
                "connections=" + a.get("connections"), "warmup=" + a.get("warmup"), "seconds=" + a.get("seconds"), "rate=" + rate));
        if (trace != null) {
            command.add("trace=" + trace + ".slow.txt");
        }
        return run(command);
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the load client failed (exit " + p.exitValue() + ")");
        }
        return Result.parse(result);
    }

    private static boolean hasWrk() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * The closed loop again with {@code wrk} (C, epoll, one thread for all the connections), when it is installed: a
     * load generator that costs the shared cores far less than a JVM with a thread per connection, so the servers get
     * more of the machine. A warm-up run first, then the measured one.
     */
    private static Result wrk(int port, String path, Path body, Path dir, Map<String, String> a) throws Exception {
        Path script = dir.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local f = io.open(\"" + body + "\", \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n");
        String url = "https://127.0.0.1:" + port + path;
        runWrk(List.of("wrk", "-t1", "-c" + a.get("connections"), "-d" + a.get("warmup") + "s", "-s", script.toString(), url));
        String out = runWrk(List.of("wrk", "-t1", "-c" + a.get("connections"), "-d" + a.get("seconds") + "s", "--latency",
                "-s", script.toString(), url));
        double requests = 0;
        double seconds = Double.parseDouble(a.get("seconds"));
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        long errors = 0;
        for (String line : out.split("\n")) {
            String t = line.trim();
            String[] f = t.split("\\s+");
            if (t.matches("\\d+ requests in .*")) {
                requests = Double.parseDouble(f[0]);
                seconds = wrkMicros(f[3].replace(",", "")) / 1e6;
            } else if (t.startsWith("50%")) {
                p50 = wrkMicros(f[1]);
            } else if (t.startsWith("99%")) {
                p99 = wrkMicros(f[1]);
            } else if (t.startsWith("Latency") && f.length >= 4 && !t.startsWith("Latency Distribution")) {
                max = wrkMicros(f[3]);
            } else if (t.startsWith("Non-2xx")) {
                errors += Long.parseLong(f[f.length - 1]);
            } else if (t.startsWith("Socket errors:")) {
                for (String n : t.substring("Socket errors:".length()).split(",")) {
                    errors += Long.parseLong(n.trim().split(" ")[1]);
                }
            }
        }
        return new Result(requests, seconds, p50, p99, Double.NaN, max, errors);
    }

    private static String runWrk(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    /** wrk's "1.23ms", "456.78us", "1.02s", "10.00m" in microseconds. */
    private static double wrkMicros(String v) {
        if (v.endsWith("us")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) * 1e3;
        }
        if (v.endsWith("m")) {
            return Double.parseDouble(v.substring(0, v.length() - 1)) * 60e6;
        }
        return Double.parseDouble(v.substring(0, v.length() - 1)) * 1e6;
    }
}
