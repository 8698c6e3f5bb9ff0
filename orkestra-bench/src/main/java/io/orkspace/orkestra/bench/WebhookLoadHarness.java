package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.Certificates;

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
 * in this JVM; the load comes from {@link WebhookLoadClient} in a second JVM, one run per cell: a closed loop for the
 * throughput, then a fixed rate for the latency at that load. Run:
 *
 * <pre>
 * mvn -B -q -DskipTests -pl orkestra-bench -am package
 * java -Xmx512m -cp orkestra-bench/target/benchmarks.jar io.orkspace.orkestra.bench.WebhookLoadHarness \
 *      [seconds=10] [rate=5000] [connections=16] [warmup=3]
 * </pre>
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

    private record Result(double requests, double seconds, double p50, double p99, double p999, double max, long errors) {
        double rate() {
            return requests / seconds;
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
        Map<String, String> a = new HashMap<>(Map.of("seconds", "10", "rate", "5000", "connections", "16", "warmup", "3"));
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Katalog katalog = KatalogLoader.create().parse(KATALOG, null);
        Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "bench"));
        Path dir = Files.createTempDirectory("webhook-bench");
        Path ca = Files.writeString(dir.resolve("ca.pem"), certs.caBundlePem());
        List<Route> routes = List.of(
                new Route("/convert", "/convert/website", CONVERSION_REVIEW, "\"status\":\"Success\""),
                new Route("/validate", "/validate/website", ADMISSION_REVIEW, "\"allowed\":true"));

        Map<WebhookContender.Kind, WebhookContender> servers = new EnumMap<>(WebhookContender.Kind.class);
        try {
            for (WebhookContender.Kind kind : WebhookContender.Kind.values()) {
                servers.put(kind, kind.start(katalog, certs));
            }
            for (Route r : routes) {
                for (Map.Entry<WebhookContender.Kind, WebhookContender> s : servers.entrySet()) {
                    check(certs, s.getValue().port(), r, s.getKey());
                }
            }
            String loadBefore = loadAverage();
            System.out.printf("JDK %s, %d CPUs, %s connections, %ss per run after %ss warm-up, fixed rate %s req/s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), a.get("connections"),
                    a.get("seconds"), a.get("warmup"), a.get("rate"));
            List<String> rows = new ArrayList<>();
            for (Route r : routes) {
                Path body = Files.writeString(dir.resolve(r.name().substring(1) + ".json"), r.body());
                Map<WebhookContender.Kind, Result> closed = new EnumMap<>(WebhookContender.Kind.class);
                Map<WebhookContender.Kind, Result> fixed = new EnumMap<>(WebhookContender.Kind.class);
                for (WebhookContender.Kind kind : servers.keySet()) {
                    closed.put(kind, load(servers.get(kind).port(), ca, r.path(), body, a, "0"));
                    System.out.printf("  %-9s %-30s closed loop: %s%n", r.name(), kind.label, closed.get(kind));
                }
                for (WebhookContender.Kind kind : servers.keySet()) {
                    fixed.put(kind, load(servers.get(kind).port(), ca, r.path(), body, a, a.get("rate")));
                    System.out.printf("  %-9s %-30s at %s req/s: %s%n", r.name(), kind.label, a.get("rate"), fixed.get(kind));
                }
                for (WebhookContender.Kind kind : servers.keySet()) {
                    Result c = closed.get(kind);
                    Result f = fixed.get(kind);
                    rows.add(String.format(Locale.ROOT, "| `%s` | %s | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f | %d |",
                            r.name(), kind.label, c.rate(), c.p50() / 1e3, c.p99() / 1e3, f.rate(), f.p50() / 1e3,
                            f.p99() / 1e3, f.p999() / 1e3, c.errors() + f.errors()));
                }
                Result co = closed.get(WebhookContender.Kind.ORKESTRA);
                Result cj = closed.get(WebhookContender.Kind.JDK);
                Result fo = fixed.get(WebhookContender.Kind.ORKESTRA);
                Result fj = fixed.get(WebhookContender.Kind.JDK);
                rows.add(String.format(Locale.ROOT, "| `%s` | ratio Orkestra / JDK | %.2f× | %.2f× | %.2f× | | %.2f× | %.2f× | %.2f× | |",
                        r.name(), co.rate() / cj.rate(), co.p50() / cj.p50(), co.p99() / cj.p99(), fo.p50() / fj.p50(),
                        fo.p99() / fj.p99(), fo.p999() / fj.p999()));
            }
            System.out.println("load average before/after (other processes share the machine): " + loadBefore + " / " + loadAverage());
            System.out.println();
            System.out.println("| route | server | closed loop req/s | p50 ms | p99 ms | fixed rate: req/s achieved | p50 ms | p99 ms | p99.9 ms | errors |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
        } finally {
            servers.values().forEach(WebhookContender::close);
        }
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

    /** Runs {@link WebhookLoadClient} in a second JVM and parses its one-line result. */
    private static Result load(int port, Path ca, String path, Path body, Map<String, String> a, String rate) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                WebhookLoadClient.class.getName(), "port=" + port, "ca=" + ca, "path=" + path, "body=" + body,
                "connections=" + a.get("connections"), "warmup=" + a.get("warmup"), "seconds=" + a.get("seconds"), "rate=" + rate)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
}
