package io.orkspace.orkestra.webhook;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.orkspace.orkestra.webhook.internal.Json;
import io.orkspace.orkestra.webhook.internal.Pem;
import io.orkspace.orkestra.webhook.internal.SelfSigned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The webhook server's TLS identity, and the CA bundle the API server needs to trust it ({@code caBundle} of a CRD's
 * conversion webhook and of webhook configurations).
 *
 * <ul>
 *   <li>{@link #selfSigned}: a CA and a serving certificate generated at start (ECDSA P-256), naming the given DNS
 *       names plus localhost, 127.0.0.1 and ::1. The CA is the bundle.</li>
 *   <li>{@link #fromDirectory}/{@link #fromFiles}: PEM files mounted from a Secret, cert-manager style
 *       ({@code tls.crt}, {@code tls.key}, optional {@code ca.crt}). The files are checked (size, mtime, inode) each
 *       time a connection opens; when they changed and the new pair loads and matches, the TLS context is swapped
 *       atomically for new connections. A half-written rotation keeps the old context until the files are whole.</li>
 * </ul>
 *
 * <pre>{@code
 * Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "orkestra-system"));
 * String caBundle = certs.caBundleBase64();   // for spec.conversion.webhook.clientConfig.caBundle
 * }</pre>
 *
 * Thread-safe. Servers use TLS 1.2 and 1.3 only.
 */
public final class Certificates {

    private static final Logger LOG = LoggerFactory.getLogger(Certificates.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** What is served right now. */
    private record Material(SslContext context, List<X509Certificate> chain, PrivateKey key, String caPem) {
    }

    /** A file's identity and version: a rotation changes at least one of these. */
    private record Stamp(long modified, long size, Object fileKey) {
    }

    private final Path certFile;
    private final Path keyFile;
    private final Path caFile;
    private volatile Material current;
    private volatile List<Stamp> loadedStamps;
    private List<Stamp> failedStamps;

    private Certificates(Material material) {
        this.certFile = null;
        this.keyFile = null;
        this.caFile = null;
        this.current = material;
    }

    private Certificates(Path certFile, Path keyFile, Path caFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        List<Stamp> stamps = stamps();
        this.current = load();
        this.loadedStamps = stamps;
    }

    /** A CA and serving certificate generated now, for the given DNS names (plus localhost and loopback IPs). */
    public static Certificates selfSigned(Collection<String> dnsNames) {
        SelfSigned.Material m = SelfSigned.generate(List.copyOf(dnsNames));
        List<X509Certificate> chain = List.of(m.certificate(), m.ca());
        return new Certificates(new Material(serverContext(m.key().getPrivate(), chain), chain, m.key().getPrivate(),
                Pem.encode(m.ca())));
    }

    /**
     * A Secret mounted as a directory: {@code tls.crt} and {@code tls.key}, and {@code ca.crt} when present (else the
     * last certificate of {@code tls.crt} is the CA bundle).
     *
     * @throws WebhookException when the files are missing, unreadable, or the key does not match the certificate
     */
    public static Certificates fromDirectory(Path dir) {
        Path ca = dir.resolve("ca.crt");
        return new Certificates(dir.resolve("tls.crt"), dir.resolve("tls.key"), Files.exists(ca) ? ca : null);
    }

    /** PEM files: a certificate (chain) and its private key; the CA bundle is the chain's last certificate. */
    public static Certificates fromFiles(Path certFile, Path keyFile) {
        return new Certificates(certFile, keyFile, null);
    }

    /** PEM files with a separate CA bundle file. */
    public static Certificates fromFiles(Path certFile, Path keyFile, Path caFile) {
        return new Certificates(certFile, keyFile, caFile);
    }

    /** The DNS names of a Service: {@code name}, {@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.cluster.local}. */
    public static List<String> serviceDnsNames(String service, String namespace) {
        return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

    /** The CA bundle (PEM) clients trust the server with. */
    public String caBundlePem() {
        return current().caPem();
    }

    /** The CA bundle, base64 encoded, as {@code caBundle} fields take it. */
    public String caBundleBase64() {
        return Base64.getEncoder().encodeToString(caBundlePem().getBytes(StandardCharsets.US_ASCII));
    }

    /** The serving certificate. */
    public X509Certificate certificate() {
        return current().chain().get(0);
    }

    /** The serving certificate chain as PEM (to store a generated identity in a Secret). */
    public String certificatePem() {
        StringBuilder sb = new StringBuilder();
        current().chain().forEach(c -> sb.append(Pem.encode(c)));
        return sb.toString();
    }

    /** The serving private key as PKCS#8 PEM (to store a generated identity in a Secret). */
    public String privateKeyPem() {
        return Pem.encode(current().key());
    }

    /**
     * The TLS context for a new connection: reloads mounted files first when they changed. Netty's type, because
     * the server is Netty; clients use {@link #trusting(String)}.
     */
    public SslContext sslContext() {
        return current().context();
    }

    private Material current() {
        if (certFile != null) {
            reloadIfChanged();
        }
        return current;
    }

    private void reloadIfChanged() {
        List<Stamp> now;
        try {
            now = stamps();
        } catch (WebhookException e) {
            return; // a file is missing mid-rotation: keep serving what we have
        }
        if (now.equals(loadedStamps)) {
            return;
        }
        synchronized (this) {
            if (now.equals(loadedStamps) || now.equals(failedStamps)) {
                return;
            }
            try {
                current = load();
                loadedStamps = now;
                failedStamps = null;
                LOG.info("Reloaded the webhook certificate from {} (expires {})", certFile, current.chain().get(0).getNotAfter());
            } catch (WebhookException e) {
                failedStamps = now;
                LOG.warn("Keeping the current webhook certificate: {}", e.getMessage());
            }
        }
    }

    private List<Stamp> stamps() {
        List<Stamp> out = new ArrayList<>(3);
        for (Path p : new Path[] {certFile, keyFile, caFile}) {
            if (p == null) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey()));
            } catch (IOException e) {
                throw new WebhookException(p + ": cannot read: " + describe(e));
            }
        }
        return out;
    }

    private Material load() {
        try {
            List<X509Certificate> chain = Pem.certificates(read(certFile), certFile.toString());
            PrivateKey key = Pem.privateKey(read(keyFile), keyFile.toString());
            if (!Pem.matches(key, chain.get(0).getPublicKey())) {
                throw new WebhookException(keyFile + ": the private key does not belong to the certificate in " + certFile);
            }
            String caPem = caFile != null ? read(caFile) : Pem.encode(chain.get(chain.size() - 1));
            if (caFile != null) {
                Pem.certificates(caPem, caFile.toString()); // must parse
            }
            return new Material(serverContext(key, chain), chain, key, caPem);
        } catch (IllegalArgumentException e) {
            throw new WebhookException(e.getMessage());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new WebhookException(p + ": cannot read: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : Json.oneLine(Objects.toString(e.getMessage(), e.toString()));
    }

    private static SslContext serverContext(PrivateKey key, List<X509Certificate> chain) {
        try {
            return SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new WebhookException("cannot build the TLS context: " + Json.oneLine(e.getMessage()));
        }
    }

    /** A client TLS context trusting only the given CA bundle (tests, benchmarks, an API server stand-in). */
    public static SSLContext trusting(String caPem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : Pem.certificates(caPem, "caBundle")) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new WebhookException("cannot build a TLS context trusting the CA bundle: " + Json.oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new WebhookException(e.getMessage());
        }
    }
}
