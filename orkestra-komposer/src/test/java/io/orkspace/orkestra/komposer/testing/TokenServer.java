package io.orkspace.orkestra.komposer.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Docker token service (the {@code realm} of a registry's Bearer challenge) for a real docker-registry started with
 * {@code auth: token}: checks Basic credentials and issues RS256 JWTs signed by a self-signed certificate, which the
 * registry trusts through its {@code rootcertbundle}.
 */
public final class TokenServer implements AutoCloseable {

    public static final String SERVICE = "orkestra-test";
    public static final String ISSUER = "orkestra-test-issuer";

    private final HttpServer server;
    private final PrivateKey key;
    private final Certificate cert;
    private final String basic;

    public TokenServer(Path dir, String user, String password) throws Exception {
        Path store = dir.resolve("token.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "token",
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + ISSUER, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        cert = ks.getCertificate("token");
        basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            try (exchange) {
                if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                List<String> scopes = new ArrayList<>();
                String query = exchange.getRequestURI().getRawQuery();
                for (String param : query == null ? new String[0] : query.split("&")) {
                    if (param.startsWith("scope=")) {
                        scopes.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
                    }
                }
                byte[] body = ("{\"token\":\"" + token(scopes) + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    /** The {@code auth:} block of the registry's configuration. */
    public String registryAuth(Path dir) throws Exception {
        Path bundle = dir.resolve("token-cert.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return "  token:\n    realm: http://127.0.0.1:" + server.getAddress().getPort() + "/token\n    service: " + SERVICE
                + "\n    issuer: " + ISSUER + "\n    rootcertbundle: " + bundle + "\n";
    }

    private String token(List<String> scopes) throws Exception {
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            access.append(access.length() == 0 ? "" : ",").append("{\"type\":\"").append(parts[0]).append("\",\"name\":\"").append(parts[1])
                    .append("\",\"actions\":[\"").append(String.join("\",\"", parts[2].split(","))).append("\"]}");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"orkestra\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 300) + ",\"nbf\":"
                + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":[" + access + "]}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(rs256.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
