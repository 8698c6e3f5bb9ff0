package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.webhook.Certificates;

import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java load generator {@link WebhookLoadHarness} falls back to (without a C compiler; the C one, webhook-load.c, costs
 * the shared cores far less), run in a second JVM: N keep-alive TLS connections, one thread each,
 * POSTing one body to one path. Closed loop ({@code rate=0}: each connection sends its next request when the answer
 * arrives; gives the throughput) or open loop at a fixed total rate spread over the connections (gives latency at a
 * given load; a request sent late because the previous answer was late is timed from when it was due, so queueing is
 * not hidden). Warms up first (closed loop), then measures. Prints one line:
 * {@code RESULT requests=.. seconds=.. p50=.. p99=.. p999=.. max=.. errors=..} (latencies in microseconds), after
 * {@code PHASE measure} and {@code PHASE done} around the measured seconds (the harness reads the servers' CPU time
 * there).
 *
 * <pre>
 * java -cp benchmarks.jar io.orkspace.orkestra.bench.WebhookLoadClient port=9443 ca=ca.pem path=/convert/website \
 *      body=review.json connections=16 warmup=3 seconds=10 rate=5000
 * </pre>
 */
public final class WebhookLoadClient {

    private WebhookLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int port = Integer.parseInt(a.get("port"));
        String ca = Files.readString(Path.of(a.get("ca")));
        byte[] body = Files.readAllBytes(Path.of(a.get("body")));
        int connections = Integer.parseInt(a.getOrDefault("connections", "16"));
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "3"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "10"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        byte[] request = request(a.get("path"), body);
        javax.net.ssl.SSLSocketFactory tls = Certificates.trusting(ca).getSocketFactory();

        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(new Connection(tls, port, request));
        }
        run(all, 0, warmup, 0);
        all.forEach(Connection::reset);
        long slowNanos = (long) (Double.parseDouble(a.getOrDefault("slow", "1000")) * 1e3);
        all.forEach(c -> c.slowNanos = slowNanos);
        System.out.println("PHASE measure");
        System.out.flush();
        long start = System.nanoTime();
        run(all, rate, seconds, start);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.println("PHASE done");
        System.out.flush();
        if (a.containsKey("trace")) {
            trace(Path.of(a.get("trace")), all, start);
        }

        long[] merged = new long[all.stream().mapToInt(c -> c.count).sum()];
        int at = 0;
        long errors = 0;
        for (Connection c : all) {
            System.arraycopy(c.latencies, 0, merged, at, c.count);
            at += c.count;
            errors += c.errors;
            c.close();
        }
        Arrays.sort(merged);
        System.out.printf("RESULT requests=%d seconds=%.3f p50=%.1f p99=%.1f p999=%.1f max=%.1f errors=%d%n", merged.length,
                elapsed, micros(merged, 50), micros(merged, 99), micros(merged, 99.9),
                merged.length == 0 ? Double.NaN : merged[merged.length - 1] / 1e3, errors);
    }

    private static void run(List<Connection> connections, double rate, double seconds, long start) throws InterruptedException {
        long begin = start == 0 ? System.nanoTime() : start;
        long end = begin + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            long interval = rate <= 0 ? 0 : (long) (connections.size() * 1e9 / rate);
            long first = begin + (rate <= 0 ? 0 : interval * i / connections.size()); // staggered, not in bursts
            Thread t = new Thread(() -> c.loop(first, interval, end), "load-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Writes the requests slower than {@code slow} microseconds, one line each: wall-clock milliseconds since the epoch
     * when the request was due, seconds into the run, the latency in microseconds and the connection. Lined up with
     * the {@code -Xlog:gc,safepoint::time} logs of both JVMs, it tells which stalls were whose.
     */
    private static void trace(Path file, List<Connection> all, long start) throws IOException {
        long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Connection c = all.get(i);
            for (int j = 0; j < c.slowCount; j++) {
                rows.add(new long[] {c.slowAt[j], c.slowTook[j], i});
            }
        }
        rows.sort((x, y) -> Long.compare(x[0], y[0]));
        StringBuilder sb = new StringBuilder("# epoch_ms run_s latency_us connection\n");
        for (long[] r : rows) {
            sb.append(String.format(java.util.Locale.ROOT, "%d %.4f %d %d%n", (r[0] + epochOffsetNanos) / 1_000_000L,
                    (r[0] - start) / 1e9, r[1] / 1000, r[2]));
        }
        Files.writeString(file, sb);
    }

    private static double micros(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }

    private static byte[] request(String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** One keep-alive connection and the latencies measured on it. */
    private static final class Connection {
        private final SSLSocket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final byte[] buffer = new byte[64 * 1024];
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        long slowNanos = Long.MAX_VALUE;
        long[] slowAt = new long[256];
        long[] slowTook = new long[256];
        int slowCount;

        Connection(javax.net.ssl.SSLSocketFactory tls, int port, byte[] request) throws IOException {
            this.socket = (SSLSocket) tls.createSocket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.request = request;
        }

        void reset() {
            count = 0;
            errors = 0;
            slowCount = 0;
        }

        void loop(long first, long interval, long end) {
            try {
                for (long i = 0; ; i++) {
                    long due = first + i * interval;
                    long now = System.nanoTime();
                    if (due >= end || now >= end) {
                        return;
                    }
                    long from;
                    if (interval > 0 && now < due) {
                        LockSupport.parkNanos(due - now);
                        from = System.nanoTime(); // on time: the clock starts when the request is sent
                    } else {
                        from = interval > 0 ? due : now; // late because the last answer was: the wait counts
                    }
                    out.write(request);
                    out.flush();
                    int status = readResponse();
                    long took = System.nanoTime() - from;
                    if (status != 200) {
                        errors++;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                    if (took > slowNanos) {
                        if (slowCount == slowAt.length) {
                            slowAt = Arrays.copyOf(slowAt, slowCount * 2);
                            slowTook = Arrays.copyOf(slowTook, slowCount * 2);
                        }
                        slowAt[slowCount] = from;
                        slowTook[slowCount++] = took;
                    }
                }
            } catch (IOException e) {
                errors++;
                System.err.println("connection failed: " + e);
            }
        }

        /** Reads one response (status line, headers, Content-Length body) and returns its status. */
        private int readResponse() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = 0;
            String h;
            while (!(h = line()).isEmpty()) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            while (length > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, length));
                if (n < 0) {
                    throw new IOException("closed mid-body");
                }
                length -= n;
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("closed by the server");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // done anyway
            }
        }
    }
}
