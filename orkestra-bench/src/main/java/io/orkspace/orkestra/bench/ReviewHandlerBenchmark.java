package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.AdmissionReviewHandler;
import io.orkspace.orkestra.webhook.BadReviewException;
import io.orkspace.orkestra.webhook.ConversionReviewHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The webhook's handlers alone, without TLS, HTTP or threads: the bytes of one review in, the bytes of the answer out,
 * for the two reviews of {@link WebhookLoadHarness} (a ConversionReview of one v1alpha1 Website to v1; an
 * AdmissionReview CREATE that passes three rules). What every request costs the server on top of TLS and HTTP; run
 * with {@code -prof gc} for the bytes each allocates (the young collections' frequency follows from it).
 *
 * <p>Run: {@code java -jar orkestra-bench/target/benchmarks.jar ReviewHandlerBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReviewHandlerBenchmark {

    private ConversionReviewHandler conversion;
    private AdmissionReviewHandler admission;
    private byte[] conversionReview;
    private byte[] admissionReview;

    @Setup
    public void setUp() throws KatalogException {
        Katalog katalog = KatalogLoader.create().parse(WebhookLoadHarness.KATALOG, null);
        conversion = ConversionReviewHandler.of(katalog);
        admission = AdmissionReviewHandler.of(katalog);
        conversionReview = WebhookLoadHarness.CONVERSION_REVIEW.getBytes(StandardCharsets.UTF_8);
        admissionReview = WebhookLoadHarness.ADMISSION_REVIEW.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] convert() throws BadReviewException {
        return conversion.handle(conversionReview, "website");
    }

    @Benchmark
    public byte[] validate() throws BadReviewException {
        return admission.validate(admissionReview, "website");
    }
}
