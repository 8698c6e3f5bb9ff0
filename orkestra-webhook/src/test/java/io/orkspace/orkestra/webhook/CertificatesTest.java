package io.orkspace.orkestra.webhook;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificatesTest {

    @Test
    void aSelfSignedIdentityNamesTheServiceAndLoopbackAndIsSignedByItsCa() throws Exception {
        Certificates c = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "ops"));
        X509Certificate cert = c.certificate();

        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList()).containsExactly(
                "orkestra", "orkestra.ops", "orkestra.ops.svc", "orkestra.ops.svc.cluster.local", "localhost", "127.0.0.1",
                "0:0:0:0:0:0:0:1");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(c.caBundlePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        cert.verify(ca.getPublicKey());
        assertThat(new String(Base64.getDecoder().decode(c.caBundleBase64()), StandardCharsets.US_ASCII))
                .isEqualTo(c.caBundlePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(cert.getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(300))));
    }

    @Test
    void readsAMountedSecretAndServesWithIt(@TempDir Path dir) throws Exception {
        Certificates identity = Certificates.selfSigned(List.of("localhost"));
        write(dir, identity, true);

        Certificates mounted = Certificates.fromDirectory(dir);

        assertThat(mounted.caBundlePem()).isEqualTo(identity.caBundlePem());
        assertThat(mounted.certificate()).isEqualTo(identity.certificate());
        try (WebhookServer s = WebhookServer.start(WebhookServerTest.VERSIONS, mounted, local())) {
            assertThat(health(s, identity)).isEqualTo(200);
        }
    }

    @Test
    void reloadsRotatedFilesForNewConnectionsAndKeepsTheOldPairUntilTheNewOneIsWhole(@TempDir Path dir) throws Exception {
        Certificates first = Certificates.selfSigned(List.of("localhost"));
        Certificates second = Certificates.selfSigned(List.of("localhost"));
        write(dir, first, false);
        Certificates mounted = Certificates.fromDirectory(dir);
        try (WebhookServer s = WebhookServer.start(WebhookServerTest.VERSIONS, mounted, local())) {
            assertThat(health(s, first)).isEqualTo(200);

            // half a rotation: the new certificate with the old key does not load; the old pair keeps serving
            replace(dir.resolve("tls.crt"), second.certificatePem());
            assertThat(health(s, first)).isEqualTo(200);
            assertThat(mounted.caBundlePem()).isEqualTo(first.caBundlePem());

            replace(dir.resolve("tls.key"), second.privateKeyPem());
            assertThat(health(s, second)).isEqualTo(200);
            assertThat(mounted.caBundlePem()).isEqualTo(second.caBundlePem());
            assertThatThrownBy(() -> health(s, first)).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void readsPkcs1RsaKeys(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)), name,
                kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        Files.writeString(dir.resolve("tls.crt"), pem(cert));
        Files.writeString(dir.resolve("tls.key"), pem(kp)); // -----BEGIN RSA PRIVATE KEY-----

        assertThat(Files.readString(dir.resolve("tls.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Certificates.fromFiles(dir.resolve("tls.crt"), dir.resolve("tls.key")).certificate()).isEqualTo(cert);
    }

    @Test
    void unusableFilesAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Certificates.fromDirectory(dir))
                .isInstanceOf(WebhookException.class).hasMessage(dir.resolve("tls.crt") + ": cannot read: no such file");

        Files.writeString(dir.resolve("tls.crt"), "hello");
        Files.writeString(dir.resolve("tls.key"), "hello");
        assertThatThrownBy(() -> Certificates.fromDirectory(dir)).hasMessage(dir.resolve("tls.crt")
                + ": no certificate found (expected -----BEGIN CERTIFICATE-----)");

        Certificates a = Certificates.selfSigned(List.of("a"));
        Certificates b = Certificates.selfSigned(List.of("b"));
        Files.writeString(dir.resolve("tls.crt"), a.certificatePem());
        assertThatThrownBy(() -> Certificates.fromDirectory(dir)).hasMessage(dir.resolve("tls.key")
                + ": no private key found (expected -----BEGIN PRIVATE KEY-----)");
        Files.writeString(dir.resolve("tls.key"), b.privateKeyPem());
        assertThatThrownBy(() -> Certificates.fromDirectory(dir)).hasMessage(dir.resolve("tls.key")
                + ": the private key does not belong to the certificate in " + dir.resolve("tls.crt"));
    }

    private static WebhookOptions local() {
        return WebhookOptions.DEFAULTS.withHost("127.0.0.1").withPort(0);
    }

    /** A fresh connection (a new client each time) trusting the identity's CA. */
    private static int health(WebhookServer s, Certificates trusted) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(Certificates.trusting(trusted.caBundlePem()))
                .version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void write(Path dir, Certificates c, boolean withCa) throws Exception {
        Files.writeString(dir.resolve("tls.crt"), c.certificatePem());
        Files.writeString(dir.resolve("tls.key"), c.privateKeyPem());
        if (withCa) {
            Files.writeString(dir.resolve("ca.crt"), c.caBundlePem());
        }
    }

    /** As kubelet updates a Secret volume: a new file moved into place atomically. */
    private static void replace(Path file, String content) throws Exception {
        Path tmp = Files.createTempFile(file.getParent(), ".rotate", ".tmp");
        Files.writeString(tmp, content);
        Files.setLastModifiedTime(tmp, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(1)));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
