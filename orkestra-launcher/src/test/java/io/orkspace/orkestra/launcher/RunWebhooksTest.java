package io.orkspace.orkestra.launcher;

import io.orkspace.orkestra.webhook.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code orkestra run} with the --webhook-* options, on the embedded API server. */
class RunWebhooksTest {

    static final Path VERSIONS = CliTest.SHARED.resolve("website-versions/katalog.yaml");

    /** A cert-manager style mount: tls.crt (serving certificate and its CA) and tls.key. */
    static Path mountedCertificate(Path dir) throws IOException {
        Certificates generated = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "default"));
        Files.writeString(dir.resolve("tls.crt"), generated.certificatePem());
        Files.writeString(dir.resolve("tls.key"), generated.privateKeyPem());
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void websiteVersionsConvergesWithConversionThroughTheServerOnTheGivenPortCertificateAndUrl(@TempDir Path dir) throws Exception {
        Path certs = mountedCertificate(dir);
        int port = freePort();

        CliTest.Outcome o = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--exit-when-converged", "--timeout", "60s",
                "--webhook-port", String.valueOf(port), "--webhook-cert-dir", certs.toString(),
                "--webhook-url", "https://127.0.0.1:" + port);

        // The v1alpha1 sample is only stored (as v1) and listed in both versions through the CRD's conversion webhook,
        // which the run registers with the mounted CA at the given URL: converging needs conversion to work.
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("Webhook server on port " + port + " (/convert, /validate, /mutate), certificate: "
                        + certs.resolve("tls.crt"),
                "created Deployment legacy-site", "created Deployment modern-site",
                "Converged: all 2 custom resource(s) are Ready.");
    }

    @Test
    void aRegisteredUrlNobodyServesMakesConversionFailAndTheRunDoesNotConverge() throws Exception {
        int nobody = freePort();

        CliTest.Outcome o = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--exit-when-converged", "--timeout", "5s",
                "--webhook-port", "0", "--webhook-url", "https://127.0.0.1:" + nobody);

        // the URL is what the run registered: the API server calls it to store the v1alpha1 sample as v1, and fails
        assertThat(o.code()).as(o.out()).isNotZero();
        assertThat(o.err()).contains("cannot apply", "cr-v1alpha1.yaml", "conversion webhook",
                "https://127.0.0.1:" + nobody + "/convert/website-v1");
    }

    @Test
    void invalidWebhookOptionsAreOneLineErrorsBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        CliTest.Outcome noFiles = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--webhook-cert-dir", dir.toString());
        CliTest.Outcome both = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--webhook-url", "https://x:1",
                "--webhook-service", "ns/svc");
        CliTest.Outcome badService = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--webhook-service", "svc");
        CliTest.Outcome httpUrl = CliTest.orkestra("run", VERSIONS.toString(), "--embedded", "--webhook-url", "http://x:1");

        assertThat(noFiles.code()).isEqualTo(2);
        assertThat(noFiles.err()).contains("orkestra run: --webhook-cert-dir: " + dir.resolve("tls.crt") + ": cannot read: no such file");
        assertThat(both.err()).contains("give --webhook-url or --webhook-service, not both");
        assertThat(badService.err()).contains("--webhook-service: expected NAMESPACE/NAME[:PORT], got \"svc\"");
        assertThat(httpUrl.err()).contains("the webhook URL must be https://");
        for (CliTest.Outcome o : new CliTest.Outcome[] {noFiles, both, badService, httpUrl}) {
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.out()).doesNotContain("Embedded Kubernetes API server");
            assertThat(o.err().lines()).hasSize(1);
        }
    }
}
