package io.orkspace.orkestra.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.AdmissionReviewHandler;
import io.orkspace.orkestra.webhook.BadReviewException;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.ConversionReviewHandler;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference point: the same {@link ConversionReviewHandler} and {@link AdmissionReviewHandler} behind the JDK's
 * built-in HTTPS server, with the same certificate, TLS 1.2/1.3 and a cached thread pool (see below).
 */
final class JdkHttpsReviewServer implements WebhookContender {

    private final HttpsServer server;
    private final ExecutorService workers;

    private JdkHttpsReviewServer(HttpsServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    static JdkHttpsReviewServer start(Katalog katalog, Certificates certificates) {
        ConversionReviewHandler conversion = ConversionReviewHandler.of(katalog);
        AdmissionReviewHandler admission = AdmissionReviewHandler.of(katalog);
        // Without TCP_NODELAY (off by default in the JDK server) every answer waits ~40 ms for a delayed ACK, as the
        // headers and the body go out in two writes; Orkestra's server sets it, so the reference gets it too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            SSLContext tls = serverContext(certificates);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                    params.setSSLParameters(p);
                }
            });
            server.createContext("/", exchange -> answer(exchange, conversion, admission));
            // A thread per connection in practice: the JDK server hands every new connection to the executor, which
            // blocks reading its first request, so a fixed pool smaller than the connections never completes the
            // handshakes of the others. A cached pool is how this server is meant to be run.
            ExecutorService pool = Executors.newCachedThreadPool();
            server.setExecutor(pool);
            server.start();
            return new JdkHttpsReviewServer(server, pool);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the JDK HttpsServer: " + e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange exchange, ConversionReviewHandler conversion, AdmissionReviewHandler admission)
            throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            byte[] out;
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    status = 405;
                    out = error("use POST");
                } else if (path.startsWith("/convert/")) {
                    out = conversion.handle(body, path.substring("/convert/".length()));
                } else if (path.startsWith("/validate/")) {
                    out = admission.validate(body, path.substring("/validate/".length()));
                } else {
                    status = 404;
                    out = error("no route " + path);
                }
            } catch (BadReviewException e) {
                status = e.status();
                out = error(e.getMessage());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        } finally {
            exchange.close();
        }
    }

    private static byte[] error(String message) {
        return ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The serving certificate and key of {@code certificates}, as a JSSE server context. */
    private static SSLContext serverContext(Certificates certificates) throws GeneralSecurityException, IOException {
        Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(certificates.certificatePem().getBytes(StandardCharsets.US_ASCII))).toArray(new Certificate[0]);
        String pem = certificates.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "bench".toCharArray();
        store.setKeyEntry("server", key, password, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
