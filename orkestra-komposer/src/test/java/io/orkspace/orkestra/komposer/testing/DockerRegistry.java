package io.orkspace.orkestra.komposer.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry on loopback: Debian's {@code docker-registry} (the CNCF distribution registry), started on a free
 * port with its storage in a temporary folder. When the binary is missing, it is installed with apt-get if this
 * process may; otherwise the calling test is skipped (a JUnit assumption), never failed.
 */
public final class DockerRegistry implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path log;

    private DockerRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a registry; {@code auth} is the YAML of its {@code auth:} block (indented by two spaces), or null for anonymous. */
    public static DockerRegistry start(Path dir, String auth) throws IOException, InterruptedException {
        Assumptions.assumeTrue(installed(), "docker-registry is not installed and cannot be installed here");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: orkestra-test
                %s""".formatted(Files.createDirectories(dir.resolve("storage")), port, auth == null ? "" : "auth:\n" + auth));
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DockerRegistry registry = new DockerRegistry(p, port, log);
        registry.awaitReady(Duration.ofSeconds(20));
        return registry;
    }

    /** {@code 127.0.0.1:PORT}, as written in references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(1000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // the registry is not listening yet: poll again
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        close();
        throw new IOException("docker-registry did not answer on " + host() + " within " + timeout.toSeconds() + "s: " + Files.readString(log));
    }

    private static synchronized boolean installed() {
        if (Files.isExecutable(BINARY)) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        try {
            ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "-q", "docker-registry").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            install.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = install.start();
            p.getOutputStream().close();
            if (!p.waitFor(45, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return Files.isExecutable(BINARY);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
