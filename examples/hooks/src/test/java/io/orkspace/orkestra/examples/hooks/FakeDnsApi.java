package io.orkspace.orkestra.examples.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the DNS provider on loopback, with the JDK's HTTP server: records in a map, every request logged,
 * and switches to make it answer 503 or hang.
 */
final class FakeDnsApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the API saw it: {@code PUT example.com/blog}. */
    record Request(String method, String zone, String host) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Map<String, Object>> records = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<String> hangingZones = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int failWith;

    private FakeDnsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/zones/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static FakeDnsApi start() throws IOException {
        return new FakeDnsApi();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** From now on every request is answered with this code (503: the provider is down); 0 to answer normally. */
    void failWith(int code) {
        failWith = code;
    }

    /** Requests for this zone never get an answer (until {@link #close()}). */
    void hang(String zone) {
        hangingZones.add(zone);
    }

    Map<String, Map<String, Object>> records() {
        return records;
    }

    long count(String method, String host) {
        return requests.stream().filter(r -> r.method().equals(method) && r.host().equals(host)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/"); // "", zones, {zone}, records, {host}
            String zone = path[2];
            String host = path[4];
            requests.add(new Request(exchange.getRequestMethod(), zone, host));
            if (hangingZones.contains(zone)) {
                release.await();
            }
            if (failWith != 0) {
                respond(exchange, failWith, "{\"message\":\"service unavailable\"}");
                return;
            }
            String key = zone + "/" + host;
            switch (exchange.getRequestMethod()) {
                case "PUT" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = JSON.readValue(exchange.getRequestBody(), Map.class);
                    Map<String, Object> stored = records.compute(key, (k, old) -> {
                        Map<String, Object> r = new java.util.LinkedHashMap<>(record);
                        r.put("id", old == null ? "rec-" + ids.incrementAndGet() : old.get("id"));
                        return r;
                    });
                    respond(exchange, 200, JSON.writeValueAsString(Map.of("id", stored.get("id"), "fqdn", host + "." + zone)));
                }
                case "DELETE" -> respond(exchange, records.remove(key) == null ? 404 : 204, "");
                default -> respond(exchange, 405, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
