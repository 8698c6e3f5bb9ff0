package io.orkspace.orkestra.examples.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps one DNS record per {@code DnsRecord} CR in an external DNS provider's HTTP API, and writes the provider's
 * record id into the CR's status. Something templates cannot do: the only way to the record is an HTTP call.
 *
 * <p>The provider's API (a small, typical one):
 * <ul>
 *   <li>{@code PUT /zones/{zone}/records/{host}} with {@code {"type":"CNAME","target":…,"ttl":…}} creates or replaces
 *       the record and answers {@code {"id":…,"fqdn":…}};</li>
 *   <li>{@code DELETE /zones/{zone}/records/{host}} removes it (404 when it is already gone).</li>
 * </ul>
 * PUT is idempotent, which suits a level-based reconcile: the engine calls the hook after every change and on every
 * resync, and the same call is simply made again.
 */
public final class DnsRecordHook implements Hook {

    /**
     * The hook's {@code args}, rendered by the engine and bound by name: a missing argument, an unknown one or a
     * {@code ttl} that is not a number fails the call with the argument's name, reported on the CR.
     */
    public record Args(String zone, String host, String target, int ttl) {
        public Args {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(target, "target");
            if (ttl < 30) {
                throw new IllegalArgumentException("ttl: at least 30 seconds, got " + ttl);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final Duration timeout;
    private final HttpClient http;

    /** The constructor {@link java.util.ServiceLoader} calls: the API at {@code $DNS_API_URL}. */
    public DnsRecordHook() {
        this(URI.create(System.getenv().getOrDefault("DNS_API_URL", "http://127.0.0.1:8053")), Duration.ofSeconds(5));
    }

    /**
     * @param api     the provider's base URL
     * @param timeout how long one HTTP call may take; keep it below the engine's {@code hookTimeout} so a slow
     *                provider is reported as such rather than as a hook that hangs
     */
    public DnsRecordHook(URI api, Duration timeout) {
        this.api = api;
        this.timeout = timeout;
        // one client for all CRs: HttpClient is thread-safe, and the engine calls hooks for several CRs at once
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "dns-record";
    }

    @Override
    public HookResult reconcile(HookContext context) throws InterruptedException {
        Args args = context.args().bind(Args.class);
        URI uri = recordUri(args);
        String body = json(Map.of("type", "CNAME", "target", args.target(), "ttl", args.ttl()));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return HookResult.error("DnsApiUnreachable", "PUT " + uri + ": " + describe(e));
        }
        if (response.statusCode() >= 500) {
            return HookResult.error("DnsApiUnavailable", "PUT " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        if (response.statusCode() >= 300) {
            return HookResult.error("DnsRecordRejected", "PUT " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode record = parse(response.body());
        String id = record.path("id").asText();
        String fqdn = record.path("fqdn").asText();
        if (!id.equals(context.resource().status().get("recordId"))) {
            context.events().normal("DnsRecordUpserted", fqdn + " -> " + args.target() + " (ttl " + args.ttl() + "s), record " + id);
            context.log().info("record {} is {} -> {}", id, fqdn, args.target());
        }
        return HookResult.done().withStatus("recordId", id).withStatus("fqdn", fqdn);
    }

    @Override
    public HookResult delete(HookContext context) throws InterruptedException {
        Args args = context.args().bind(Args.class);
        URI uri = recordUri(args);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return HookResult.error("DnsApiUnreachable", "DELETE " + uri + ": " + describe(e));
        }
        if (response.statusCode() >= 300 && response.statusCode() != 404) { // 404: already gone, which is what we want
            return HookResult.error("DnsApiUnavailable", "DELETE " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        context.events().normal("DnsRecordDeleted", args.host() + "." + args.zone() + " removed");
        return HookResult.done();
    }

    private URI recordUri(Args args) {
        String base = api.toString().endsWith("/") ? api.toString() : api + "/";
        return URI.create(base + "zones/" + segment(args.zone()) + "/records/" + segment(args.host()));
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(); // ConnectException has no message
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the DNS API answered something that is not JSON: " + body, e);
        }
    }
}
