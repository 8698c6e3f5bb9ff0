package io.orkspace.orkestra.testkit;

import io.orkspace.orkestra.testkit.internal.Api;
import io.orkspace.orkestra.testkit.internal.Traffic;
import java.time.Duration;

/**
 * Failures a reliability test injects into the embedded cluster. Injected failures answer with a {@code kind: Status}
 * body and the given code, like a real API server under trouble.
 */
public final class Faults {
  private final Traffic traffic;
  private final Api api;

  Faults(Traffic traffic, Api api) {
    this.traffic = traffic;
    this.api = api;
  }

  /** The next {@code times} writes (create, update, patch, delete) of the resource fail with {@code code}. */
  public Faults failNextWrites(String resource, int times, int code) {
    traffic.failNext("write", resource, times, code);
    return this;
  }

  /** The next {@code times} requests with the verb on the resource fail with {@code code}. */
  public Faults failNext(String verb, String resource, int times, int code) {
    traffic.failNext(verb, resource, times, code);
    return this;
  }

  /** Every request (except watch events) waits this long before being served; {@link Duration#ZERO} to stop. */
  public Faults latency(Duration latency) {
    traffic.latency(latency);
    return this;
  }

  /** Ends every open watch now, as an API server restart would; clients re-watch (informers resume or relist). */
  public Faults cutWatches() {
    api.closeWatches();
    return this;
  }

  /** Disarms pending failures and latency. */
  public Faults clear() {
    traffic.clearFaults();
    return this;
  }
}
