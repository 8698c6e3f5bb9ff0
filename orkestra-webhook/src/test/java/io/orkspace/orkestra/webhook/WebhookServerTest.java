package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Katalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookServerTest {

    static final Katalog VERSIONS = Samples.katalog(Samples.VERSIONS.resolve("katalog.yaml"));
    static Certificates certs;
    static WebhookServer server;
    static SSLContext trust;
    static HttpClient client;

    @BeforeAll
    static void start() {
        certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "orkestra-system"));
        server = WebhookServer.start(VERSIONS, certs, WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0)
                .withMaxRequestBytes(64 * 1024).withRequestTimeout(Duration.ofMillis(800)));
        trust = Certificates.trusting(certs.caBundlePem());
        client = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsAFreePortWhenAskedForZeroAndAnswersHealthOverTls() throws Exception {
        assertThat(server.port()).isPositive().isNotEqualTo(WebhookOptions.DEFAULT_PORT);

        HttpResponse<String> r = get("/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
    }

    @Test
    void convertsAReviewOverTls() throws Exception {
        byte[] review = ConversionReviewHandlerTest.review("demo.orkestra.io/v1",
                Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml")));

        for (String path : List.of("/convert", "/convert/website-v1", "/convert/")) {
            HttpResponse<String> r = post(path, review);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            Map<String, Object> response = ConversionReviewHandlerTest.response(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(response.get("result")).isEqualTo(Map.of("status", "Success"));
        }
    }

    @Test
    void servesValidateAndMutateRoutes() throws Exception {
        WebhookServer apps = WebhookServer.start(AdmissionTest.KATALOG, certs, WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0));
        try (apps) {
            HttpClient c = client;
            URI validate = URI.create("https://localhost:" + apps.port() + Endpoint.VALIDATE.path("app"));
            URI mutate = URI.create("https://localhost:" + apps.port() + Endpoint.MUTATE.path());
            byte[] bad = AdmissionReviewHandlerTest.review("CREATE", "App", AdmissionTest.valid(Map.of("replicas", 99)), null);

            HttpResponse<String> v = c.send(HttpRequest.newBuilder(validate).POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> m = c.send(HttpRequest.newBuilder(mutate).POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(v.statusCode()).isEqualTo(200);
            assertThat(AdmissionReviewHandlerTest.response(v.body().getBytes(StandardCharsets.UTF_8))).containsEntry("allowed", false);
            assertThat(AdmissionReviewHandlerTest.response(m.body().getBytes(StandardCharsets.UTF_8)))
                    .containsEntry("allowed", true).containsEntry("patchType", "JSONPatch");
        }
    }

    @Test
    void malformedRequestsGetAClear400WithAStatusBody() throws Exception {
        HttpResponse<String> r = post("/convert", "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        Map<String, Object> status = Samples.json(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(status).containsEntry("kind", "Status").containsEntry("code", 400).containsEntry("reason", "BadRequest");
        assertThat((String) status.get("message")).startsWith("the request body is not valid JSON: ");
    }

    @Test
    void unknownRoutesAndEntriesAre404AndWrongMethods405() throws Exception {
        assertThat(post("/nope", new byte[0]).statusCode()).isEqualTo(404);
        assertThat(post("/convert/a/b", new byte[0]).statusCode()).isEqualTo(404);
        HttpResponse<String> unknownEntry = post("/validate/nope", AdmissionReviewHandlerTest.review("CREATE", "App",
                AdmissionTest.valid(Map.of()), null));
        assertThat(unknownEntry.statusCode()).isEqualTo(404);
        assertThat(unknownEntry.body()).contains("no CRD entry \\\"nope\\\"");

        HttpResponse<String> get = get("/convert");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).contains("POST");
        assertThat(post("/healthz", new byte[0]).statusCode()).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] big = new byte[70 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');

        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send("POST /convert HTTP/1.1\r\nHost: x\r\nContent-Length: " + big.length + "\r\n\r\n");
            RawHttps.Response r = raw.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("larger than 65536 bytes");
        }
    }

    /** A ConversionReview of website-versions' v1 sample to v1alpha1, as a request body. */
    private static String conversionOfV1Website() throws Exception {
        return new String(ConversionReviewHandlerTest.review("demo.orkestra.io/v1alpha1",
                Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"))), StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheConnectionAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        String body = conversionOfV1Website();

        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send(RawHttps.post("/convert", body) + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + RawHttps.post("/convert", "[]"));
            RawHttps.Response first = raw.read();
            RawHttps.Response second = raw.read();
            RawHttps.Response third = raw.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("\"convertedObjects\"");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(third.status()).isEqualTo(400);

            raw.send(RawHttps.post("/convert", body)); // still open
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestTrickledPastTheTimeoutGets408AndTheConnectionCloses() throws Exception {
        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send("POST /convert HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");

            RawHttps.Response r = raw.read();

            assertThat(r.status()).isEqualTo(408);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aKeepAliveConnectionBusyForLongerThanTheTimeoutIsNotTimedOutThenATrickleOnItIs() throws Exception {
        String body = conversionOfV1Website();
        try (RawHttps raw = new RawHttps(trust, server.port())) {
            // 2.5 request timeouts of requests that each take 300 ms to arrive (a timer set for an earlier request
            // fires while a later one is being received: it must move to that one's deadline, not expire it)
            long until = System.nanoTime() + Duration.ofMillis(2_000).toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                String request = RawHttps.post("/convert", body);
                int half = request.length() / 2;
                raw.send(request.substring(0, half));
                Thread.sleep(300);
                raw.send(request.substring(half));
                assertThat(raw.read().status()).isEqualTo(200);
                answered++;
            }
            assertThat(answered).isGreaterThanOrEqualTo(5);

            raw.send("POST /convert HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
            long sent = System.nanoTime();
            RawHttps.Response r = raw.read();

            assertThat(r.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isBetween(Duration.ofMillis(700), Duration.ofMillis(5_000));
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void garbageAfterTheHandshakeIsA400NotAHang() throws Exception {
        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send("\u0001\u0002GARBAGE GARBAGE\r\n\r\n");

            assertThat(raw.read().status()).isEqualTo(400);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void tooLongRequestLinesAndHeadersAreRefusedWithTheirOwnCodes() throws Exception {
        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send("GET /healthz?" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(414);
        }
        try (RawHttps raw = new RawHttps(trust, server.port())) {
            raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(431);
        }
    }

    @Test
    void plainHttpOnTheTlsPortIsDroppedNotHung() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            int b;
            try {
                do {
                    b = in.read();
                } while (b != -1);
            } catch (IOException reset) {
                b = -1;
            }
            assertThat(b).isEqualTo(-1);
        }
    }

    @Test
    void speaksTls12And13Only() throws Exception {
        try (RawHttps tls13 = new RawHttps(trust, server.port())) {
            assertThat(tls13.socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (RawHttps tls12 = new RawHttps(trust, server.port(), "TLSv1.2")) {
            assertThat(tls12.socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        assertThatThrownBy(() -> new RawHttps(trust, server.port(), "TLSv1.1").close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        SSLContext other = Certificates.trusting(Certificates.selfSigned(List.of("x")).caBundlePem());

        assertThatThrownBy(() -> new RawHttps(other, server.port()).close()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void servesANewKatalogAfterUpdate() throws Exception {
        WebhookServer s = WebhookServer.start(VERSIONS, certs, WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0));
        try (s) {
            URI uri = URI.create("https://localhost:" + s.port() + "/validate/app");
            byte[] review = AdmissionReviewHandlerTest.review("CREATE", "App", AdmissionTest.valid(Map.of("replicas", 99)), null);
            HttpRequest req = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(review)).build();
            assertThat(client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

            s.update(AdmissionTest.KATALOG);

            assertThat(client.send(req, HttpResponse.BodyHandlers.ofString()).body()).contains("\"allowed\":false");
        }
    }

    @Test
    void aPortInUseIsAOneLineError() {
        assertThatThrownBy(() -> WebhookServer.start(VERSIONS, certs,
                WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(server.port())))
                .isInstanceOf(WebhookException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + server.port() + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void randomAndMangledBodiesNeverGetA5xxOrHang() throws Exception {
        Random random = new Random(7);
        byte[] valid = ConversionReviewHandlerTest.review("demo.orkestra.io/v1", Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml")));
        byte[] admission = AdmissionReviewHandlerTest.review("CREATE", "App", AdmissionTest.valid(Map.of()), null);
        List<String> paths = List.of("/convert", "/validate", "/mutate", "/convert/website-v1", "/mutate/website-v1");
        for (int i = 0; i < 150; i++) {
            byte[] seed = i % 2 == 0 ? valid : admission;
            byte[] body = switch (i % 3) {
                case 0 -> mangle(seed, random);
                case 1 -> java.util.Arrays.copyOf(seed, random.nextInt(seed.length));
                default -> randomBytes(random);
            };
            HttpResponse<String> r = post(paths.get(i % paths.size()), body);
            assertThat(r.statusCode()).as("body %s", new String(body, StandardCharsets.UTF_8)).isIn(200, 400, 404);
        }
    }

    static byte[] mangle(byte[] seed, Random random) {
        byte[] b = seed.clone();
        for (int n = 0; n < 1 + random.nextInt(6); n++) {
            String chars = "{}[]\":,0a-\\ \u00ff";
            b[random.nextInt(b.length)] = (byte) chars.charAt(random.nextInt(chars.length()));
        }
        return b;
    }

    static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }
}
