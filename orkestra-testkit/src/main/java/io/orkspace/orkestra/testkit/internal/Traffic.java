package io.orkspace.orkestra.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Request counters and log, and the faults tests inject. Thread-safe. */
public final class Traffic {
  /** Verbs that change state. */
  public static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final int LOG_LIMIT = 10_000;

  /**
   * One served request.
   *
   * @param verb get, list, watch, create, update, patch, delete or deletecollection
   * @param resource plural, with "/status" for the status subresource
   * @param apply whether a patch was a server-side apply
   */
  public record Request(String verb, String resource, String namespace, String name, boolean apply, int code) {}

  private record Fault(String verb, String resource, AtomicInteger remaining, int code) {}

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Request> log = new ConcurrentLinkedDeque<>();
  private final AtomicInteger logSize = new AtomicInteger();
  private final List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  void record(Request r) {
    counts.computeIfAbsent(key(r.verb(), r.resource()), k -> new LongAdder()).increment();
    if (r.apply()) {
      counts.computeIfAbsent(key("apply", r.resource()), k -> new LongAdder()).increment();
    }
    log.addLast(r);
    if (logSize.incrementAndGet() > LOG_LIMIT) {
      log.pollFirst();
      logSize.decrementAndGet();
    }
  }

  /** Requests seen with a Kubernetes verb ("apply" counts the server-side applies among patches). */
  public long count(String verb, String resource) {
    LongAdder a = counts.get(key(normalize(verb), resource));
    return a == null ? 0 : a.sum();
  }

  public long writes(String resource) {
    return WRITES.stream().mapToLong(v -> count(v, resource)).sum();
  }

  public long total() {
    return counts.entrySet().stream().filter(e -> !e.getKey().startsWith("apply ")).mapToLong(e -> e.getValue().sum()).sum();
  }

  public List<Request> log() {
    return new ArrayList<>(log);
  }

  public void reset() {
    counts.clear();
    log.clear();
    logSize.set(0);
  }

  /** The next {@code times} requests with the verb (or any write, for "write") on the resource fail with code. */
  public void failNext(String verb, String resource, int times, int code) {
    faults.add(new Fault(verb.equalsIgnoreCase("write") ? "write" : normalize(verb), resource, new AtomicInteger(times), code));
  }

  public void latency(Duration latency) {
    this.latency = latency;
  }

  public void clearFaults() {
    faults.clear();
    latency = Duration.ZERO;
  }

  Duration latency() {
    return latency;
  }

  /** The injected failure for this request, if one is armed (and uses it up). */
  ApiException takeFault(String verb, String resource) {
    for (Fault f : faults) {
      boolean verbMatches = f.verb().equals(verb) || (f.verb().equals("write") && WRITES.contains(verb));
      if (verbMatches && f.resource().equals(resource)) {
        if (f.remaining().getAndDecrement() > 0) {
          return ApiException.injected(f.code(), "injected fault: " + verb + " " + resource + " fails with " + f.code());
        }
        faults.remove(f);
      }
    }
    return null;
  }

  /** Kubernetes verbs; HTTP methods are accepted for the unambiguous ones (POST, PUT). */
  private static String normalize(String verb) {
    String v = verb.toLowerCase(Locale.ROOT);
    switch (v) {
      case "post": return "create";
      case "put": return "update";
      default: return v;
    }
  }

  private static String key(String verb, String resource) {
    return verb + " " + resource;
  }
}
