package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes a request to discovery, reads or writes, counts it, applies injected faults, and turns failures into Status. */
public final class Api implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  final Store store;
  final ResourceRegistry registry = new ResourceRegistry();
  final Traffic traffic = new Traffic();
  private final ResourceReads reads;
  private final ResourceWrites writes;
  private final WebhookTransport webhooks = new WebhookTransport();
  private final Conversions conversions;
  private final Collector collector;
  private final ScaleSubresource scale;
  private final ScheduledExecutorService timers;
  private volatile Discovery discovery;

  public Api(int watchHistoryPerResource, ScheduledExecutorService timers) {
    this.store = new Store(watchHistoryPerResource);
    this.conversions = new Conversions(store, webhooks);
    this.reads = new ResourceReads(store, conversions);
    this.writes = new ResourceWrites(store, registry);
    this.writes.staged = new StagedWrites(store, writes, conversions, new AdmissionWebhooks(store, webhooks, conversions));
    this.collector = new Collector(store, registry, writes);
    this.writes.collector = collector;
    this.scale = new ScaleSubresource(store, writes);
    this.timers = timers;
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      ObjectNode obj = Json.object();
      obj.put("apiVersion", "v1");
      obj.put("kind", "Namespace");
      obj.putObject("metadata").put("name", ns);
      writes.create(new Route(BuiltInTypes.NAMESPACES, "v1", null, null, null),
          new ApiRequest("POST", "/api/v1/namespaces", java.util.Map.of(), "application/json", "kube-apiserver", Json.bytes(obj)));
    }
  }

  /** Switches the Deployment/StatefulSet/ReplicaSet/DaemonSet readiness stand-in. */
  public void workloadsReady(boolean on) {
    collector.standIns.workloadsReady(on);
    if (on) {
      collector.reactToAll();
    }
  }

  /** Switches the PersistentVolumeClaim binding stand-in. */
  public void pvcsBind(boolean on) {
    collector.standIns.pvcsBind(on);
    if (on) {
      collector.reactToAll();
    }
  }

  /** Switches the Endpoints/EndpointSlice stand-in. */
  public void serviceEndpoints(boolean on) {
    collector.standIns.serviceEndpoints(on);
    if (on) {
      collector.reactToAll();
    }
  }

  /** Jobs complete ("COMPLETE"), fail ("FAIL") or stay as they are ("NONE"). */
  public void jobs(String outcome) {
    StandIns.JobOutcome o = StandIns.JobOutcome.valueOf(outcome);
    collector.standIns.jobs(o);
    if (o != StandIns.JobOutcome.NONE) {
      collector.reactToAll();
    }
  }

  public Traffic traffic() {
    return traffic;
  }

  /** How this server reaches webhooks (service routes). */
  public WebhookTransport webhooks() {
    return webhooks;
  }

  void serverAddress(String address) {
    this.discovery = new Discovery(registry, address);
  }

  public void bookmarks() {
    store.watches.bookmarks(store.committed());
  }

  public void closeWatches() {
    store.watches.closeAll();
  }

  public int openWatches() {
    return store.watches.openWatches();
  }

  /** Serves one request; never throws. */
  void handle(ApiRequest req, Exchange ex) {
    try {
      serve(req, ex);
    } catch (ApiException e) {
      ex.respond(e.code(), e.status());
    } catch (RuntimeException | StackOverflowError e) {
      LOG.warn("embedded API server failed on {} {}", req.method(), req.path(), e);
      ApiException internal = ApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage());
      ex.respond(500, internal.status());
    }
  }

  private void serve(ApiRequest req, Exchange ex) {
    String path = req.path();
    if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
      ex.respondText(200, "ok");
      return;
    }
    boolean watchPath = path.matches("^/apis?/([^/]+/)?[^/]+/watch/.*");
    if (watchPath) {
      path = path.replaceFirst("/watch/", "/");
    }
    Route r = Route.parse(path, registry);
    if (r == null) {
      ObjectNode doc = req.method().equals("GET") ? discovery.document(path) : null;
      if (doc == null) {
        throw ApiException.notFoundPath(path);
      }
      ex.respond(200, doc);
      return;
    }
    String verb = verb(req, r, watchPath);
    String resource = r.subresource() == null ? r.type().plural() : r.type().plural() + "/" + r.subresource();
    boolean apply = "patch".equals(verb) && req.mediaType() != null && req.mediaType().startsWith("application/apply-patch");
    // counted before the answer leaves, so a client that got its response sees its request counted
    RecordingExchange recorded = new RecordingExchange(ex, code -> traffic.record(new Traffic.Request(verb, resource, r.namespace(), r.name(),
        apply, code)));
    try {
      Duration latency = traffic.latency();
      if (!latency.isZero() && !verb.equals("watch")) {
        sleep(latency);
      }
      ApiException fault = traffic.takeFault(verb, resource);
      if (fault != null) {
        throw fault;
      }
      dispatch(verb, r, req, recorded);
    } catch (ApiException e) {
      recorded.record(e.code());
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      recorded.record(500);
      throw e;
    }
  }

  /** Records the request once, with the code of its answer, just before the answer goes out. */
  private static final class RecordingExchange implements Exchange {
    private final Exchange delegate;
    private final java.util.function.IntConsumer recorder;
    private boolean recorded;

    RecordingExchange(Exchange delegate, java.util.function.IntConsumer recorder) {
      this.delegate = delegate;
      this.recorder = recorder;
    }

    void record(int code) {
      if (!recorded) {
        recorded = true;
        recorder.accept(code);
      }
    }

    @Override
    public void respond(int code, ObjectNode body) {
      record(code);
      delegate.respond(code, body);
    }

    @Override
    public void respondText(int code, String text) {
      record(code);
      delegate.respondText(code, text);
    }

    @Override
    public WatchHub.Sink openStream() {
      record(200);
      return delegate.openStream();
    }

    @Override
    public void onStreamClosed(Runnable action) {
      delegate.onStreamClosed(action);
    }
  }

  private void dispatch(String verb, Route r, ApiRequest req, Exchange ex) {
    if ("scale".equals(r.subresource())) {
      switch (verb) {
        case "get":
          ex.respond(200, scale.get(r));
          return;
        case "update":
        case "patch":
          ex.respond(200, scale.write(r, req));
          return;
        default:
          throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
      }
    }
    switch (verb) {
      case "get":
        ex.respond(200, reads.get(r));
        return;
      case "list":
        ex.respond(200, reads.list(r, req));
        return;
      case "watch":
        watch(r, req, ex);
        return;
      case "create":
        ex.respond(req.dryRun() ? 200 : 201, view(writes.create(r, req), r));
        return;
      case "update":
        ex.respond(200, view(writes.update(r, req), r));
        return;
      case "patch":
        ResourceWrites.Patched p = writes.patch(r, req);
        ex.respond(p.created() ? 201 : 200, view(p.object(), r));
        return;
      case "delete":
        ex.respond(200, view(writes.delete(r, req), r));
        return;
      case "deletecollection":
        ObjectNode list = Json.object();
        list.put("apiVersion", r.apiVersion());
        list.put("kind", r.type().listKind());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        conversions.toVersion(r.type(), writes.deleteCollection(r, req, reads.select(r, req)), r.version()).forEach(items::add);
        ex.respond(200, list);
        return;
      default:
        throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  /** A stored object as the request's version shows it (through the conversion webhook when the CRD has one). */
  private ObjectNode view(ObjectNode obj, Route r) {
    return conversions.toVersion(r.type(), obj, r.version());
  }

  private static String verb(ApiRequest req, Route r, boolean watchPath) {
    switch (req.method()) {
      case "GET":
        if (watchPath || req.flag("watch")) {
          return "watch";
        }
        return r.name() == null ? "list" : "get";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      case "PATCH":
        return "patch";
      case "DELETE":
        return r.name() == null ? "deletecollection" : "delete";
      default:
        return req.method().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private void watch(Route r, ApiRequest req, Exchange ex) {
    // validate selectors and version before the response head goes out
    LabelSelector.parse(req.param("labelSelector"));
    FieldSelector.parse(req.param("fieldSelector"), r.type());
    String rv = req.param("resourceVersion");
    if (rv != null && !rv.isEmpty() && !rv.chars().allMatch(Character::isDigit)) {
      throw ApiException.badRequest("invalid resourceVersion: \"" + rv + "\"");
    }
    String timeout = req.param("timeoutSeconds");
    long timeoutSeconds;
    try {
      timeoutSeconds = timeout == null || timeout.isEmpty() ? 0 : Long.parseLong(timeout);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid timeoutSeconds: \"" + timeout + "\"");
    }
    WatchHub.Sink sink = ex.openStream();
    WatchHub.Subscription s;
    try {
      s = reads.watch(r, req, sink);
    } catch (ApiException e) {
      ObjectNode event = Json.object();
      event.put("type", "ERROR");
      event.set("object", e.status());
      sink.send(event);
      sink.close();
      return;
    }
    ex.onStreamClosed(() -> {
      s.open = false;
      store.watches.unsubscribe(s);
    });
    if (timeoutSeconds > 0) {
      timers.schedule(() -> {
        store.watches.unsubscribe(s);
        s.close();
      }, timeoutSeconds, TimeUnit.SECONDS);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closeWatches();
    collector.close();
  }
}
