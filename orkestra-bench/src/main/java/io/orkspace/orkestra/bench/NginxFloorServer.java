package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.AdmissionReviewHandler;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.ConversionReviewHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's floor: Debian's {@code nginx} (C, one worker process, OpenSSL) over the same TLS certificate, answering
 * each route with a canned copy of the answer the review handlers give to the harness's review. It evaluates nothing:
 * what is left is what TLS, HTTP and the system calls cost on this machine, and the tail the machine itself gives a
 * server that neither allocates nor collects garbage. Read next to it, a JVM server's figures say how much of its tail
 * is its own.
 */
final class NginxFloorServer implements WebhookContender {

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxFloorServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** {@code nginx} on the PATH or in {@code /usr/sbin}, or null. */
    static String executable() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? "nginx" : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    static NginxFloorServer start(Katalog katalog, Certificates certificates) {
        String nginx = executable();
        if (nginx == null) {
            throw new IllegalStateException("nginx is not installed (apt-get install nginx-light)");
        }
        try {
            String convert = new String(ConversionReviewHandler.of(katalog).handle(
                    WebhookLoadHarness.CONVERSION_REVIEW.getBytes(StandardCharsets.UTF_8), "website"), StandardCharsets.UTF_8);
            String validate = new String(AdmissionReviewHandler.of(katalog).validate(
                    WebhookLoadHarness.ADMISSION_REVIEW.getBytes(StandardCharsets.UTF_8), "website"), StandardCharsets.UTF_8);
            Path dir = Files.createTempDirectory("nginx-floor");
            Files.writeString(dir.resolve("cert.pem"), certificates.certificatePem());
            Files.writeString(dir.resolve("key.pem"), certificates.privateKeyPem());
            int port = freePort();
            Files.writeString(dir.resolve("nginx.conf"), """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        keepalive_requests 1000000000;
                        keepalive_timeout 120s;
                        default_type application/json;
                        location /convert/ { return 200 '%3$s'; }
                        location /validate/ { return 200 '%4$s'; }
                      }
                    }
                    """.formatted(dir, port, quoted(convert), quoted(validate)));
            Process process = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            NginxFloorServer server = new NginxFloorServer(process, port, dir);
            // a harness stopped with Ctrl-C or kill does not leave an nginx listening behind it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "nginx-floor-stop"));
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start nginx: " + e.getMessage(), e);
        } catch (io.orkspace.orkestra.webhook.BadReviewException e) {
            throw new IllegalStateException("the harness's review is not valid: " + e.getMessage(), e);
        }
    }

    /** The answer as an nginx single-quoted string ({@code $} would be read as a variable: the answers have none). */
    private static String quoted(String answer) {
        if (answer.contains("$")) {
            throw new IllegalStateException("a canned answer with '$' would need nginx variables: " + answer);
        }
        return answer.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s: " + log());
    }

    private String log() throws IOException {
        Path errors = dir.resolve("error.log");
        String out = Files.readString(dir.resolve("stdout.log"));
        return (Files.exists(errors) ? Files.readString(errors) : "") + out;
    }

    /** nginx's master and worker processes' CPU time ({@code /proc}), -1 where it cannot be read. */
    @Override
    public long cpuNanos() {
        long master = Meters.processCpuNanos(process.pid());
        if (master < 0) {
            return -1;
        }
        return master + process.descendants().mapToLong(h -> Math.max(0, Meters.processCpuNanos(h.pid()))).sum();
    }

    @Override
    public long[] gcCountAndMillis() {
        return new long[] {0, 0};
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
