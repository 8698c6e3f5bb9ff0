package io.orkspace.orkestra.engine.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The answers of the health, introspection and metrics endpoints, without the transport: a path in, a {@link Reply}
 * out. Every route is a read; any other method than GET or HEAD is 405.
 *
 * <ul>
 *   <li>{@code /healthz}, {@code /readyz} (Kubernetes' text format, {@code ?verbose} lists each check; readiness has
 *       one check per CRD entry), and the reference's {@code /startup}, {@code /health}, {@code /ready} (JSON);</li>
 *   <li>{@code /katalog}, {@code /katalog/raw} (as written), {@code /katalog/enriched} (with defaults),
 *       {@code /katalog/{crd}}, {@code /katalog/{crd}/raw}, {@code /katalog/{crd}/enriched},
 *       {@code /katalog/{crd}/health} (200 healthy, 503 otherwise),
 *       {@code /katalog/{crd}/cr}, {@code /katalog/{crd}/cr/{ns}/{name}} (or {@code /cr/{name}} when
 *       cluster-scoped) with the CR's children and latest events, {@code .../events};</li>
 *   <li>{@code /metrics} (Prometheus text).</li>
 * </ul>
 */
public final class OpsRoutes {

    /** An HTTP answer. */
    public record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body);
        }
    }

    /** Which endpoints a port serves. */
    public enum Serves { HEALTH, METRICS, BOTH }

    private static final int EVENTS_SHOWN = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final EngineView engine;
    private final EngineMetrics metrics;

    public OpsRoutes(EngineView engine, EngineMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    /** Answers one request; never throws. */
    public Reply handle(Serves serves, String method, String uri) {
        try {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return Reply.text(405, "these endpoints are read-only: use GET\n");
            }
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            String query = q < 0 ? "" : uri.substring(q + 1);
            boolean verbose = List.of(query.split("&")).stream().anyMatch(p -> p.equals("verbose") || p.startsWith("verbose="));
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (serves != Serves.HEALTH && path.equals("/metrics")) {
                return scrape();
            }
            if (serves == Serves.METRICS) {
                return Reply.text(404, "not found: this port serves /metrics\n");
            }
            switch (path) {
                case "/healthz":
                case "/livez":
                    return checks("healthz", liveness(), verbose);
                case "/readyz":
                    return checks("readyz", readiness(), verbose);
                case "/health":
                    return json(livenessOk() ? 200 : 500, statusBody(livenessOk() ? "ok" : "failed", liveness()));
                case "/ready":
                    return json(readyOk() ? 200 : 503, statusBody(readyOk() ? "ready" : "not ready", readiness()));
                case "/startup":
                    return json(engine.startupComplete() ? 200 : 503, Map.of("status", engine.startupComplete() ? "started" : "starting"));
                default:
                    break;
            }
            if (path.equals("/katalog") || path.startsWith("/katalog/")) {
                return katalog(path);
            }
            return Reply.text(404, "not found: " + path + "\n");
        } catch (RuntimeException e) {
            return Reply.text(500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "\n");
        }
    }

    private Reply scrape() {
        return metrics.prometheus()
                .map(p -> new Reply(200, "text/plain; version=0.0.4; charset=utf-8", p.scrape()))
                .orElseGet(() -> Reply.text(404, "metrics go to the host application's MeterRegistry, which is not a "
                        + "Prometheus registry\n"));
    }

    // ---- health ----

    /** name → failure reason, or null when the check passes (ordered). */
    private Map<String, String> liveness() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ping", null);
        out.put("engine-threads", engine.alive() ? null : "the engine's timer thread has not ticked recently");
        return out;
    }

    private boolean livenessOk() {
        return liveness().values().stream().allMatch(java.util.Objects::isNull);
    }

    private Map<String, String> readiness() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ping", null);
        out.put("shutdown", engine.stopping() ? "the engine is stopping" : null);
        out.put("startup", engine.startupComplete() ? null : "the engine is starting");
        for (OperatorView o : engine.operators()) {
            out.put("informer/" + o.name(), o.started() ? null : "the informer has not synced");
        }
        engine.leaderElection().ifPresent(le -> out.put("leader-election", le.decided() ? null : "no leader known yet"));
        for (Map.Entry<String, BooleanSupplier> c : engine.readinessChecks().entrySet()) {
            boolean ok;
            try {
                ok = c.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            out.put(c.getKey(), ok ? null : "not ready");
        }
        return out;
    }

    private boolean readyOk() {
        return readiness().values().stream().allMatch(java.util.Objects::isNull);
    }

    /** Kubernetes' format: {@code ok}, or {@code [+]name ok} / {@code [-]name failed: why} lines. */
    private static Reply checks(String what, Map<String, String> checks, boolean verbose) {
        boolean ok = checks.values().stream().allMatch(java.util.Objects::isNull);
        if (ok && !verbose) {
            return Reply.text(200, "ok");
        }
        StringBuilder b = new StringBuilder();
        checks.forEach((name, failure) -> b.append(failure == null ? "[+]" + name + " ok" : "[-]" + name + " failed: " + failure).append('\n'));
        b.append(ok ? what + " check passed\n" : what + " check failed\n");
        return Reply.text(ok ? 200 : ("healthz".equals(what) ? 500 : 503), b.toString());
    }

    private static Map<String, Object> statusBody(String status, Map<String, String> checks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        Map<String, Object> detail = new LinkedHashMap<>();
        checks.forEach((name, failure) -> detail.put(name, failure == null ? "ok" : failure));
        body.put("checks", detail);
        return body;
    }

    // ---- introspection ----

    private Reply katalog(String path) {
        String[] parts = path.substring(1).split("/");
        List<String> p = new ArrayList<>();
        for (String s : parts) {
            p.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
        if (p.size() == 2 && (p.get(1).equals("raw") || p.get(1).equals("enriched")) && engine.operator(p.get(1)).isEmpty()) {
            if (p.get(1).equals("raw")) {
                return raw(null);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", engine.katalogName());
            Map<String, Object> crds = new LinkedHashMap<>();
            engine.operators().forEach(o -> crds.put(o.name(), o.config()));
            body.put("crds", crds);
            return json(200, body);
        }
        if (p.size() == 1) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", engine.katalogName());
            body.put("started", engine.startupComplete());
            engine.leaderElection().ifPresent(le -> body.put("leaderElection", leader(le)));
            List<Object> crds = new ArrayList<>();
            engine.operators().forEach(o -> crds.add(summary(o)));
            body.put("crds", crds);
            return json(200, body);
        }
        Optional<OperatorView> found = engine.operator(p.get(1));
        if (found.isEmpty()) {
            return json(404, Map.of("error", "no running CRD entry named " + p.get(1)));
        }
        OperatorView o = found.get();
        if (p.size() == 2) {
            Map<String, Object> body = summary(o);
            body.put("config", o.config());
            body.put("metrics", o.metrics());
            return json(200, body);
        }
        if (p.size() == 3 && p.get(2).equals("raw")) {
            return raw(o.name());
        }
        if (p.size() == 3 && p.get(2).equals("enriched")) {
            return json(200, o.config());
        }
        if (p.size() == 3 && p.get(2).equals("health")) {
            return json(o.healthy() ? 200 : 503, health(o));
        }
        if (p.get(2).equals("cr")) {
            if (p.size() == 3) {
                return json(200, Map.of("crd", o.name(), "items", o.keys()));
            }
            boolean events = p.get(p.size() - 1).equals("events");
            List<String> id = p.subList(3, events ? p.size() - 1 : p.size());
            if (id.size() == 1 || id.size() == 2) {
                return cr(o, String.join("/", id), events);
            }
        }
        return json(404, Map.of("error", "not found: " + path));
    }

    /**
     * The Katalog as written (its file), or one CRD entry of it as written ({@code spec.crds.<name>} in either
     * spelling), as JSON. 404 when the engine was given a Katalog model, not a file.
     */
    @SuppressWarnings("unchecked")
    private Reply raw(String crd) {
        Optional<java.nio.file.Path> source = engine.katalogSource();
        if (source.isEmpty()) {
            return json(404, Map.of("error", "the Katalog was not loaded from a file"));
        }
        Map<String, Object> written;
        try {
            written = RAW.readValue(source.get().toFile(), Map.class);
        } catch (java.io.IOException e) {
            return json(404, Map.of("error", "cannot read " + source.get() + ": " + e.getMessage()));
        }
        if (crd == null) {
            return json(200, written);
        }
        Object spec = written == null ? null : written.get("spec");
        Object crds = spec instanceof Map<?, ?> m ? m.get("crds") : null;
        if (crds instanceof Map<?, ?> byName && byName.get(crd) != null) {
            return json(200, byName.get(crd));
        }
        if (crds instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> e && crd.equals(e.get("name"))) {
                    return json(200, e);
                }
            }
        }
        return json(404, Map.of("error", crd + " is not written in " + source.get() + " (it may come from an include or a Komposer import)"));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RAW =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    private Reply cr(OperatorView o, String key, boolean eventsOnly) {
        Optional<Map<String, Object>> cr = o.cr(key);
        if (cr.isEmpty()) {
            return json(404, Map.of("error", o.name() + ": no custom resource " + key + " in the cache"));
        }
        Map<String, Object> object = cr.get();
        List<Map<String, Object>> events = o.events(object, EVENTS_SHOWN);
        if (eventsOnly) {
            return json(200, Map.of("crd", o.name(), "key", key, "events", events));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("crd", o.name());
        body.put("key", key);
        Object metadata = object.get("metadata");
        String uid = metadata instanceof Map<?, ?> m && m.get("uid") != null ? String.valueOf(m.get("uid")) : "";
        body.put("metadata", metadata);
        body.put("spec", object.get("spec"));
        body.put("status", object.get("status"));
        body.put("children", o.children(uid));
        body.put("events", events);
        return json(200, body);
    }

    private static Map<String, Object> summary(OperatorView o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", o.name());
        Map<String, Object> c = o.config();
        for (String k : List.of("group", "version", "kind", "plural", "namespaced")) {
            if (c.containsKey(k)) {
                s.put(k, c.get(k));
            }
        }
        s.putAll(health(o));
        return s;
    }

    private static Map<String, Object> health(OperatorView o) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", !o.started() ? "starting" : o.healthy() ? "healthy" : "degraded");
        h.put("started", o.started());
        h.put("healthy", o.healthy());
        h.put("workersRunning", o.workersRunning());
        h.put("consecutiveFailures", o.consecutiveFailures());
        h.put("failureThreshold", o.failureThreshold());
        h.put("queueDepth", o.queueDepth());
        h.put("activeWorkers", o.activeWorkers());
        return h;
    }

    private static Map<String, Object> leader(LeaderElection le) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("lease", le.namespace() + "/" + le.name());
        l.put("identity", le.identity());
        l.put("leading", le.leading());
        l.put("holder", le.holder());
        return l;
    }

    private static Reply json(int status, Object body) {
        try {
            return new Reply(status, "application/json", JSON.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            return Reply.text(500, "cannot render JSON: " + e.getOriginalMessage() + "\n");
        }
    }
}
