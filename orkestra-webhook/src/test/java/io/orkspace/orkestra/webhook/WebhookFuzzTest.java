package io.orkspace.orkestra.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded fuzzing of the webhook server over real TLS and keep-alive connections: ConversionReview and AdmissionReview
 * bodies truncated, byte-mangled, with values of the wrong type, huge or over-long numbers, deep nesting, invalid
 * UTF-8, missing keys, random bytes, wrong content types and bodies over the limit. Every answer must be a valid
 * review response or a 400/413/415 {@code Status}, within a bounded time; never a 5xx, never a hang. Fixed seed: a
 * failure names its case number and replays identically.
 */
class WebhookFuzzTest {

    static final long SEED = 20261125L;
    static final int CASES = 1500;
    static final int PER_REQUEST_MILLIS = 5_000;
    static final int MAX_BYTES = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    static WebhookServer versions;
    static WebhookServer apps;
    static SSLContext trust;

    /** A route, the review kind it answers, and a valid body to start from. */
    record Target(WebhookServer server, String path, String reviewKind, byte[] seed) {
    }

    /** One generated request: what it is (for the failure message), its body and content type, and what it must get. */
    record Case(int number, String what, Target target, String contentType, byte[] body, int expectStatus) {
    }

    @BeforeAll
    static void start() {
        Certificates certs = Certificates.selfSigned(List.of("localhost"));
        WebhookOptions options = WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0).withMaxRequestBytes(MAX_BYTES)
                .withRequestTimeout(Duration.ofSeconds(3));
        versions = WebhookServer.start(WebhookServerTest.VERSIONS, certs, options);
        apps = WebhookServer.start(AdmissionTest.KATALOG, certs, options);
        trust = Certificates.trusting(certs.caBundlePem());
    }

    @AfterAll
    static void stop() {
        versions.close();
        apps.close();
    }

    @Test
    void seededHostileReviewsGetAValidReviewOrA400413Or415StatusNeverA5xxAndNeverHang() throws Exception {
        byte[] conversion = ConversionReviewHandlerTest.review("demo.orkestra.io/v1",
                Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml")), Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml")));
        byte[] admission = AdmissionReviewHandlerTest.review("UPDATE", "App", AdmissionTest.valid(Map.of("replicas", 3)),
                AdmissionTest.valid(Map.of("replicas", 2)));
        List<Target> targets = List.of(new Target(versions, "/convert/website-v1", "ConversionReview", conversion),
                new Target(apps, "/validate/app", "AdmissionReview", admission),
                new Target(apps, "/mutate/app", "AdmissionReview", admission),
                new Target(versions, "/convert", "ConversionReview", conversion));
        Random random = new Random(SEED);
        Map<String, Integer> seen = new TreeMap<>();
        Connections connections = new Connections(trust);
        long slowest = 0;
        try (connections) {
            for (int i = 0; i < CASES; i++) {
                Case c = generate(i, targets.get(i % targets.size()), random);
                long start = System.nanoTime();
                RawHttps.Response r = connections.exchange(c);
                long millis = (System.nanoTime() - start) / 1_000_000;
                slowest = Math.max(slowest, millis);
                assertThat(millis).as("case %d (%s) took %d ms", c.number(), c.what(), millis).isLessThan(PER_REQUEST_MILLIS);
                check(c, r);
                seen.merge(c.what().replaceAll("\\(.*", "") + " -> " + r.status(), 1, Integer::sum);
            }
            // and the server still answers a plain review on a fresh connection
            RawHttps.Response after = connections.exchange(new Case(CASES, "valid", targets.get(0), "application/json", conversion, 200));
            assertThat(after.body()).contains("\"status\":\"Success\"");
        }
        assertThat(seen.keySet()).as("every kind of answer is exercised: %s", seen)
                .anyMatch(k -> k.endsWith("-> 200")).anyMatch(k -> k.endsWith("-> 400"))
                .anyMatch(k -> k.endsWith("-> 413")).anyMatch(k -> k.endsWith("-> 415"));
        assertThat(slowest).isLessThan(PER_REQUEST_MILLIS);
    }

    // ------------------------------------------------------------------ checks

    @SuppressWarnings("unchecked")
    static void check(Case c, RawHttps.Response r) {
        String about = "case " + c.number() + " (" + c.what() + ") on " + c.target().path() + ": " + r.status() + " " + r.body();
        if (c.expectStatus() != 0) {
            assertThat(r.status()).as(about).isEqualTo(c.expectStatus());
        }
        assertThat(r.status()).as(about).isIn(200, 400, 413, 415);
        assertThat(r.headers().get("content-type")).as(about).isEqualTo("application/json");
        Map<String, Object> body;
        try {
            body = JSON.readValue(r.body(), Map.class);
        } catch (IOException e) {
            fail(about + ": the answer is not JSON: " + e.getMessage());
            return;
        }
        if (r.status() != 200) {
            assertThat(body).as(about).containsEntry("kind", "Status").containsEntry("apiVersion", "v1")
                    .containsEntry("status", "Failure").containsEntry("code", r.status());
            assertThat(body.get("message")).as(about).isInstanceOf(String.class).asString().isNotBlank();
            return;
        }
        assertThat(body).as(about).containsEntry("kind", c.target().reviewKind());
        assertThat(body.get("response")).as(about).isInstanceOf(Map.class);
        Map<String, Object> response = (Map<String, Object>) body.get("response");
        assertThat(response.get("uid")).as(about).isInstanceOf(String.class);
        if (c.target().reviewKind().equals("ConversionReview")) {
            assertThat(body.get("apiVersion")).as(about).isIn("apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1");
            Map<String, Object> result = (Map<String, Object>) response.get("result");
            assertThat(result.get("status")).as(about).isIn("Success", "Failure");
            if (result.get("status").equals("Success")) {
                assertThat(response.get("convertedObjects")).as(about).isInstanceOf(List.class);
            } else {
                assertThat(result.get("message")).as(about).isInstanceOf(String.class);
            }
        } else {
            assertThat(body.get("apiVersion")).as(about).isIn("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
            assertThat(response.get("allowed")).as(about).isInstanceOf(Boolean.class);
            if (response.get("patch") != null) {
                assertThat(response).as(about).containsEntry("patchType", "JSONPatch");
                try {
                    assertThat(JSON.readValue(Base64.getDecoder().decode((String) response.get("patch")), List.class)).as(about).isNotNull();
                } catch (IOException | IllegalArgumentException e) {
                    fail(about + ": the patch is not base64 JSON: " + e.getMessage());
                }
            }
        }
    }

    // ------------------------------------------------------------------ generation

    static Case generate(int n, Target t, Random random) throws IOException {
        int kind = random.nextInt(12);
        switch (kind) {
            case 0:
                return new Case(n, "truncated", t, "application/json", Arrays.copyOf(t.seed(), random.nextInt(t.seed().length)), 0);
            case 1:
                return new Case(n, "mangled bytes", t, "application/json", WebhookServerTest.mangle(t.seed(), random), 0);
            case 2:
                return new Case(n, "random bytes", t, random.nextBoolean() ? "application/json" : null,
                        WebhookServerTest.randomBytes(random), 0);
            case 3: {
                String[] types = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/json; charset=utf-16", "application/yaml", "text/json", "image/png", "*/*"};
                String type = types[random.nextInt(types.length)];
                return new Case(n, "content type (" + type + ")", t, type, t.seed(), 415);
            }
            case 4: {
                byte[] big = new byte[MAX_BYTES + 1 + random.nextInt(MAX_BYTES)];
                Arrays.fill(big, (byte) ' ');
                return new Case(n, "over the limit", t, "application/json", big, 413);
            }
            default:
                return treeCase(n, t, random, kind);
        }
    }

    /** Mutations of the parsed review: a value replaced (by a wrong type, a raw literal, deep nesting, bad UTF-8) or removed. */
    @SuppressWarnings("unchecked")
    static Case treeCase(int n, Target t, Random random, int kind) throws IOException {
        Object tree = JSON.readValue(t.seed(), Map.class);
        List<byte[]> raws = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int mutations = kind == 11 ? 2 + random.nextInt(3) : 1;
        for (int m = 0; m < mutations; m++) {
            List<Object[]> slots = new ArrayList<>();
            slots(tree, slots);
            Object[] slot = slots.get(random.nextInt(slots.size()));
            int op = kind == 11 ? 5 + random.nextInt(6) : kind;
            Object replacement;
            switch (op) {
                case 5:
                    replacement = wrongType(random);
                    what.add("wrong type");
                    break;
                case 6:
                    replacement = raw(raws, hugeNumber(random));
                    what.add("huge number");
                    break;
                case 7:
                    replacement = raw(raws, deepNesting(random));
                    what.add("deep nesting");
                    break;
                case 8:
                    replacement = raw(raws, invalidUtf8(random));
                    what.add("invalid UTF-8");
                    break;
                case 9:
                    replacement = REMOVE;
                    what.add("removed");
                    break;
                default:
                    replacement = "x".repeat(random.nextInt(20_000));
                    what.add("long string");
            }
            set(slot, replacement);
        }
        byte[] body = JSON.writeValueAsBytes(tree);
        for (int i = 0; i < raws.size(); i++) {
            body = replace(body, ("\"" + RAW + i + "\"").getBytes(StandardCharsets.US_ASCII), raws.get(i));
        }
        return new Case(n, String.join("+", what), t, random.nextInt(4) == 0 ? "application/json; charset=utf-8" : "application/json",
                body, 0);
    }

    static final Object REMOVE = new Object();
    static final String RAW = "__raw__";

    /** Every (container, key-or-index) in the tree, the root excluded. */
    @SuppressWarnings("unchecked")
    static void slots(Object node, List<Object[]> out) {
        if (node instanceof Map) {
            for (Object k : new ArrayList<>(((Map<String, Object>) node).keySet())) {
                out.add(new Object[] {node, k});
                slots(((Map<String, Object>) node).get(k), out);
            }
        } else if (node instanceof List) {
            List<Object> list = (List<Object>) node;
            for (int i = 0; i < list.size(); i++) {
                out.add(new Object[] {node, i});
                slots(list.get(i), out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void set(Object[] slot, Object value) {
        if (slot[0] instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) slot[0];
            if (value == REMOVE) {
                m.remove(slot[1]);
            } else if (m.containsKey(slot[1])) {
                m.put((String) slot[1], value);
            }
        } else {
            List<Object> l = (List<Object>) slot[0];
            int i = (Integer) slot[1];
            if (i < l.size()) {
                l.set(i, value == REMOVE ? null : value);
            }
        }
    }

    static Object wrongType(Random random) {
        switch (random.nextInt(7)) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return random.nextInt();
            case 3: return random.nextDouble() * 1e300;
            case 4: return new ArrayList<>(List.of("a", 1, new java.util.HashMap<>()));  // mutable: a later mutation may land inside
            case 5: return new java.util.HashMap<>(Map.of("unexpected", new ArrayList<>(List.of(new java.util.HashMap<>(Map.of("x", 1))))));
            default: return "";
        }
    }

    static String raw(List<byte[]> raws, byte[] literal) {
        raws.add(literal);
        return RAW + (raws.size() - 1);
    }

    static byte[] hugeNumber(Random random) {
        String[] literals = {"1e400", "-1e400", "1e-400", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(150),
                "1" + "0".repeat(250), "0." + "9".repeat(199), "1E999999999", "-0", "1.7976931348623157E309"};
        return literals[random.nextInt(literals.length)].getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] deepNesting(Random random) {
        int depth = 150 + random.nextInt(5_000);
        boolean arrays = random.nextBoolean();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] invalidUtf8(Random random) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {0x00}};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write('"');
        b.writeBytes("name-".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(bad[random.nextInt(bad.length)]);
        b.writeBytes("-end".getBytes(StandardCharsets.US_ASCII));
        b.write('"');
        return b.toByteArray();
    }

    static byte[] replace(byte[] in, byte[] target, byte[] with) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(new String(target, StandardCharsets.ISO_8859_1));
        if (at < 0) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(with);
        out.write(in, at + target.length, in.length - at - target.length);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ transport

    /** One keep-alive connection per server, reopened when the server closes it (after a 413, or a malformed request). */
    static final class Connections implements AutoCloseable {
        private final Map<WebhookServer, RawHttps> open = new java.util.IdentityHashMap<>();
        private final SSLContext trust;

        Connections(SSLContext trust) {
            this.trust = trust;
        }

        RawHttps.Response exchange(Case c) throws IOException {
            RawHttps conn = open.get(c.target().server());
            if (conn == null) {
                conn = new RawHttps(trust, c.target().server().port());
                conn.socket.setSoTimeout(PER_REQUEST_MILLIS);
                conn.socket.setTcpNoDelay(true);
                open.put(c.target().server(), conn);
            }
            StringBuilder head = new StringBuilder("POST " + c.target().path() + " HTTP/1.1\r\nHost: localhost\r\n");
            if (c.contentType() != null) {
                head.append("Content-Type: ").append(c.contentType()).append("\r\n");
            }
            head.append("Content-Length: ").append(c.body().length).append("\r\n\r\n");
            byte[] body = c.expectStatus() == 413 ? Arrays.copyOf(c.body(), 1024) : c.body(); // refused on the header
            RawHttps.Response r;
            try {
                byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
                byte[] request = Arrays.copyOf(h, h.length + body.length);
                System.arraycopy(body, 0, request, h.length, body.length);
                conn.send(request); // one write: head and body in separate ones meet Nagle and a delayed ACK (40 ms)
                r = conn.read();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("case " + c.number() + " (" + c.what() + ") on " + c.target().path()
                        + ": no answer within " + PER_REQUEST_MILLIS + " ms");
            }
            if ("close".equalsIgnoreCase(r.headers().get("connection"))) {
                conn.close();
                open.remove(c.target().server());
            }
            return r;
        }

        @Override
        public void close() throws IOException {
            for (RawHttps c : open.values()) {
                c.close();
            }
        }
    }
}
