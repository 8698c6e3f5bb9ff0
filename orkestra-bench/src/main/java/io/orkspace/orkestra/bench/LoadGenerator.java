package io.orkspace.orkestra.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The webhook harness's load, always from a second process: {@code webhook-load} (C, compiled here from the copy in
 * this jar) or, without a C compiler, {@link WebhookLoadClient} in a second JVM; and {@code wrk} for a second closed
 * loop when it is installed. Around the measured seconds of each run (the load generator's {@code PHASE} lines) it
 * reads the server's CPU time and the machine's {@code /proc/stat}, so each result says what a request cost the server
 * and how busy the machine was.
 */
final class LoadGenerator {

    /** The load client's JVM: a small heap and the parallel collector (its pauses are short and it has few threads). */
    static final String DEFAULT_CLIENT_JVM = "-Xms256m -Xmx256m -XX:+UseParallelGC";

    private final Path cClient;
    private final Map<String, String> options;

    /**
     * @param cClient the compiled {@code webhook-load}, or null for the Java client
     * @param options the harness's options ({@code connections}, {@code warmup}, {@code seconds}, {@code client-jvm},
     *                {@code client-cpus})
     */
    LoadGenerator(Path cClient, Map<String, String> options) {
        this.cClient = cClient;
        this.options = options;
    }

    String label() {
        return cClient == null ? "Java client" : "C client";
    }

    /**
     * Compiles {@code webhook-load.c} (shipped in this jar) with {@code cc -O2 ... -lssl -lcrypto} into {@code dir}.
     * Without a C compiler or OpenSSL's headers ({@code apt-get install gcc libssl-dev}) it returns null (the Java
     * client is used) unless {@code required}.
     */
    static Path compileCClient(Path dir, boolean required) throws Exception {
        Path source = dir.resolve("webhook-load.c");
        try (var in = LoadGenerator.class.getResourceAsStream("webhook-load.c")) {
            if (in == null) {
                throw new IllegalStateException("webhook-load.c is not in the jar: rebuild orkestra-bench");
            }
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("webhook-load");
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lssl", "-lcrypto")
                    .redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } catch (IOException e) {
            out = e.getMessage();
            exit = -1;
        }
        if (exit == 0) {
            return binary;
        }
        if (required) {
            throw new IllegalStateException("cannot compile the C load generator (apt-get install gcc libssl-dev): " + out);
        }
        System.out.println("(no C compiler or OpenSSL headers: the Java load client is used; apt-get install gcc libssl-dev)");
        return null;
    }

    /**
     * One run: warm-up (closed loop), then the measured seconds at {@code rate} (0: closed loop).
     *
     * @param serverCpu the server's CPU time so far in nanoseconds (-1: unknown), read when the measured seconds start
     *                  and end
     * @param trace     where the load generator writes its record of the requests, or null
     */
    LoadResult run(int port, Path ca, String path, Path body, String rate, LongSupplier serverCpu, Path trace) throws Exception {
        List<String> command = new ArrayList<>();
        if (options.containsKey("client-cpus")) { // the load generator on its own cores (run this JVM under taskset too)
            command.addAll(List.of("taskset", "-c", options.get("client-cpus")));
        }
        List<String> common = List.of("port=" + port, "ca=" + ca, "path=" + path, "body=" + body,
                "connections=" + options.get("connections"), "warmup=" + options.get("warmup"),
                "seconds=" + options.get("seconds"), "rate=" + rate);
        if (cClient != null) {
            command.add(cClient.toString());
            command.addAll(common);
            if (trace != null) {
                command.add("trace=" + trace + ".requests.txt");
            }
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(options.get("client-jvm").trim().split("\\s+")));
            if (trace != null) {
                command.add("-Xlog:gc*,safepoint:file=" + trace + ".client-gc.log:time,uptime");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WebhookLoadClient.class.getName()));
            command.addAll(common);
            if (trace != null) {
                command.add("trace=" + trace + ".slow.txt");
            }
        }
        return execute(command, serverCpu);
    }

    private static LoadResult execute(List<String> command, LongSupplier serverCpu) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        long cpuStart = -1;
        long cpuEnd = -1;
        Meters.CpuTicks ticksStart = null;
        Meters.CpuTicks ticksEnd = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("PHASE measure")) {
                    cpuStart = serverCpu.getAsLong();
                    ticksStart = Meters.CpuTicks.read();
                } else if (line.equals("PHASE done")) {
                    cpuEnd = serverCpu.getAsLong();
                    ticksEnd = Meters.CpuTicks.read();
                } else if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the load client failed (exit " + p.exitValue() + ")");
        }
        LoadResult r = LoadResult.parse(result);
        double cpu = cpuStart < 0 || cpuEnd < 0 || r.requests() == 0 ? Double.NaN : (cpuEnd - cpuStart) / 1e3 / r.requests();
        return r.with(cpu, ticksStart == null ? null : ticksStart.until(ticksEnd));
    }

    static boolean hasWrk() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * The closed loop again with {@code wrk} (C, epoll, one thread for all the connections), when it is installed: a
     * second load generator nobody here wrote. A warm-up run first, then the measured one.
     */
    LoadResult wrk(int port, String path, Path body, Path dir) throws Exception {
        Path script = dir.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local f = io.open(\"" + body + "\", \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n");
        String url = "https://127.0.0.1:" + port + path;
        String connections = "-c" + options.get("connections");
        runWrk(List.of("wrk", "-t1", connections, "-d" + options.get("warmup") + "s", "-s", script.toString(), url));
        String out = runWrk(List.of("wrk", "-t1", connections, "-d" + options.get("seconds") + "s", "--latency",
                "-s", script.toString(), url));
        double requests = 0;
        double seconds = Double.parseDouble(options.get("seconds"));
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        long errors = 0;
        for (String line : out.split("\n")) {
            String t = line.trim();
            String[] f = t.split("\\s+");
            if (t.matches("\\d+ requests in .*")) {
                requests = Double.parseDouble(f[0]);
                seconds = wrkMicros(f[3].replace(",", "")) / 1e6;
            } else if (t.startsWith("50%")) {
                p50 = wrkMicros(f[1]);
            } else if (t.startsWith("99%")) {
                p99 = wrkMicros(f[1]);
            } else if (t.startsWith("Latency") && f.length >= 4 && !t.startsWith("Latency Distribution")) {
                max = wrkMicros(f[3]);
            } else if (t.startsWith("Non-2xx")) {
                errors += Long.parseLong(f[f.length - 1]);
            } else if (t.startsWith("Socket errors:")) {
                for (String n : t.substring("Socket errors:".length()).split(",")) {
                    errors += Long.parseLong(n.trim().split(" ")[1]);
                }
            }
        }
        return new LoadResult(requests, seconds, p50, p99, Double.NaN, max, errors, Double.NaN, null);
    }

    private static String runWrk(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    /** wrk's "1.23ms", "456.78us", "1.02s", "10.00m" in microseconds. */
    static double wrkMicros(String v) {
        if (v.endsWith("us")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) * 1e3;
        }
        if (v.endsWith("m")) {
            return Double.parseDouble(v.substring(0, v.length() - 1)) * 60e6;
        }
        return Double.parseDouble(v.substring(0, v.length() - 1)) * 1e6;
    }
}
