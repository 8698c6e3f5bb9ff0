package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A JVM contender ({@link WebhookContender.Kind#ORKESTRA} or {@link WebhookContender.Kind#JDK}) in a JVM of its own, as
 * a webhook runs in production: its own heap, collections, JIT profile and threads, nothing shared with the other
 * server or the harness. The harness talks to it over the child's standard input and output, one line each way:
 * {@code stats} is answered {@code STATS <collections> <collection ms> <cpu ns>}; {@code stop} (or the end of its
 * input) stops it. {@link #main} is the child.
 */
final class ForkedContender implements WebhookContender {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;
    private final String jvm;

    private ForkedContender(Process process, BufferedReader out, Writer in, int port, String jvm) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.port = port;
        this.jvm = jvm;
    }

    /**
     * Starts {@code kind} in a child JVM with {@code jvmFlags}, serving the certificate of {@code certificates} (written
     * to {@code dir}) with {@code options}' threads and inline size.
     */
    static ForkedContender start(WebhookContender.Kind kind, Certificates certificates, WebhookOptions options,
                                 List<String> jvmFlags, Path dir) throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs-" + kind.name().toLowerCase(Locale.ROOT)));
        Files.writeString(certs.resolve("tls.crt"), certificates.certificatePem());
        Files.writeString(certs.resolve("tls.key"), certificates.privateKeyPem());
        Files.writeString(certs.resolve("ca.crt"), certificates.caBundlePem());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedContender.class.getName(),
                kind.name(), certs.toString(), Integer.toString(options.inlineMaxBytes()),
                Integer.toString(options.ioThreads()), Integer.toString(options.workerThreads())));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "forked-contender-stop"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        String jvm = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("JVM ")) {
                jvm = line.substring(4);
            } else if (line.startsWith("PORT ")) {
                return new ForkedContender(p, out, in, Integer.parseInt(line.substring(5).trim()), jvm);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(kind.label + ": its JVM exited before listening (exit " + waitFor(p) + ")");
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The child's collector, heap and memory flags, as it printed them. */
    String jvm() {
        return jvm;
    }

    private synchronized long[] stats() {
        try {
            in.write("stats\n");
            in.flush();
            String line = out.readLine();
            if (line == null || !line.startsWith("STATS ")) {
                return new long[] {-1, -1, -1};
            }
            String[] f = line.substring(6).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
        } catch (IOException e) {
            return new long[] {-1, -1, -1};
        }
    }

    @Override
    public long cpuNanos() {
        return stats()[2];
    }

    @Override
    public long[] gcCountAndMillis() {
        long[] s = stats();
        return new long[] {s[0], s[1]};
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            in.write("stop\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (waitFor(process) == -1) {
            process.destroyForcibly();
        }
    }

    /** The child: {@code KIND CERT_DIR INLINE_MAX_BYTES IO_THREADS WORKER_THREADS}. */
    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        WebhookContender.Kind kind = WebhookContender.Kind.valueOf(args[0]);
        Path certs = Path.of(args[1]);
        WebhookOptions options = WebhookOptions.DEFAULTS.withInlineMaxBytes(Integer.parseInt(args[2]))
                .withThreads(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Certificates certificates = Certificates.fromFiles(certs.resolve("tls.crt"), certs.resolve("tls.key"),
                certs.resolve("ca.crt"));
        try (WebhookContender server = kind.start(KatalogLoader.create().parse(WebhookLoadHarness.KATALOG, null),
                certificates, options)) {
            stdout.println("JVM " + Meters.jvm());
            stdout.println("PORT " + server.port());
            stdout.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null && !line.equals("stop"); ) {
                if (line.equals("stats")) {
                    long[] gc = Meters.gcCountAndMillis();
                    stdout.println("STATS " + gc[0] + " " + gc[1] + " " + Meters.jvmCpuNanos());
                    stdout.flush();
                }
            }
        }
    }
}
