package io.orkspace.orkestra.webhook;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of ConversionReview and AdmissionReview bodies, each input going both through the
 * review handlers directly and through the real server (TLS, keep-alive, Netty pipeline, worker pool):
 *
 * <ul>
 *   <li>the handler answers a review or throws {@link BadReviewException} with a 400; anything else it throws
 *       (a {@code ClassCastException}, a {@code StackOverflowError}...) is a finding, even though the server would
 *       turn it into a 400;</li>
 *   <li>the server answers within {@value WebhookFuzzTest#PER_REQUEST_MILLIS} ms with a valid review (200) or a 400
 *       {@code Status} (413 for a body over the limit), never a 5xx, the same verdict as the handler;</li>
 *   <li>the connection stays usable (a keep-alive connection is reopened only when the server said close).</li>
 * </ul>
 *
 * <p>{@code mvn verify} runs it in <b>regression mode</b>: once per file of the committed corpus
 * ({@code src/test/resources/io/orkspace/orkestra/webhook/ReviewJazzerFuzzTestInputs/<method>/}) and on an empty
 * input, in a few seconds. To <b>fuzz</b> (one method per run; new interesting inputs go to {@code .cifuzz-corpus/},
 * a failing input is written into the inputs directory, where it becomes a regression case once committed):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl orkestra-webhook test -Dtest='ReviewJazzerFuzzTest#conversionReview' -Djazzer.max_duration=5m
 * JAZZER_FUZZ=1 mvn -B -o -pl orkestra-webhook test -Dtest='ReviewJazzerFuzzTest#admissionReview' -Djazzer.max_duration=5m
 * </pre>
 */
class ReviewJazzerFuzzTest {

    static final int MAX_BYTES = 256 * 1024;

    static WebhookServer versions;
    static WebhookServer apps;
    static ConversionReviewHandler conversion;
    static AdmissionReviewHandler admission;
    static WebhookFuzzTest.Connections connections;

    @BeforeAll
    static void start() {
        Certificates certs = Certificates.selfSigned(List.of("localhost"));
        WebhookOptions options = WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0).withMaxRequestBytes(MAX_BYTES)
                .withRequestTimeout(Duration.ofSeconds(3));
        versions = WebhookServer.start(WebhookServerTest.VERSIONS, certs, options);
        apps = WebhookServer.start(AdmissionTest.KATALOG, certs, options);
        conversion = ConversionReviewHandler.of(WebhookServerTest.VERSIONS);
        admission = AdmissionReviewHandler.of(AdmissionTest.KATALOG);
        connections = new WebhookFuzzTest.Connections(Certificates.trusting(certs.caBundlePem()));
    }

    @AfterAll
    static void stop() throws IOException {
        connections.close();
        versions.close();
        apps.close();
    }

    /** A ConversionReview body, routed by entry and unrouted. */
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "reviews.dict")
    void conversionReview(byte[] body) throws IOException {
        exchange(new WebhookFuzzTest.Target(versions, "/convert/website-v1", "ConversionReview", body), body,
                () -> conversion.handle(body, "website-v1"));
        exchange(new WebhookFuzzTest.Target(versions, "/convert", "ConversionReview", body), body,
                () -> conversion.handle(body, null));
    }

    /** An AdmissionReview body, on /validate and on /mutate. */
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "reviews.dict")
    void admissionReview(byte[] body) throws IOException {
        exchange(new WebhookFuzzTest.Target(apps, "/validate/app", "AdmissionReview", body), body,
                () -> admission.validate(body, "app"));
        exchange(new WebhookFuzzTest.Target(apps, "/mutate", "AdmissionReview", body), body,
                () -> admission.mutate(body, null));
    }

    interface Review {
        byte[] answer() throws BadReviewException;
    }

    private static void exchange(WebhookFuzzTest.Target target, byte[] body, Review direct) throws IOException {
        // 1. the handler: a review, or a 400 BadReviewException; any other throwable propagates and is a finding
        int expected;
        byte[] answer = null;
        try {
            answer = direct.answer();
            expected = 200;
        } catch (BadReviewException e) {
            assertThat(e.status()).as("%s: %s", target.path(), e.getMessage()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            expected = 400;
        }
        WebhookFuzzTest.Case c = new WebhookFuzzTest.Case(0, "jazzer input of " + body.length + " bytes", target,
                "application/json", body, 0);
        if (answer != null) {
            WebhookFuzzTest.check(c, new RawHttps.Response(200, Map.of("content-type", "application/json"),
                    new String(answer, StandardCharsets.UTF_8)));
        }
        // 2. the server: the same verdict over TLS keep-alive, in bounded time, a JSON Status when it is not 200
        RawHttps.Response r;
        try {
            r = connections.exchange(c);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(target.path() + ": no answer within " + WebhookFuzzTest.PER_REQUEST_MILLIS + " ms");
        }
        WebhookFuzzTest.check(c, r);
        assertThat(r.status()).as("%s answered %d %s; the handler alone gave %d", target.path(), r.status(), r.body(), expected)
                .isEqualTo(body.length > MAX_BYTES ? 413 : expected);
        if (answer != null) {
            assertThat(r.body()).isEqualTo(new String(answer, StandardCharsets.UTF_8));
        }
    }
}
