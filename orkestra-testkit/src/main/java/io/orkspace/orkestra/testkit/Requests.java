package io.orkspace.orkestra.testkit;

import io.orkspace.orkestra.testkit.internal.Traffic;
import java.util.List;

/**
 * What clients asked the embedded cluster, by Kubernetes verb and resource, so a test can assert how many writes a
 * reconcile made: {@code assertThat(cluster.requests().count("patch", "deployments")).isEqualTo(1)}.
 *
 * <p>Verbs: {@code get, list, watch, create, update, patch, delete, deletecollection}; {@code apply} counts the
 * server-side applies among the patches. {@code POST} and {@code PUT} are accepted for create and update. Resources are
 * plurals; the status subresource counts separately as {@code deployments/status}.
 */
public final class Requests {
  private final Traffic traffic;

  Requests(Traffic traffic) {
    this.traffic = traffic;
  }

  /** One request the server answered, failed ones included. */
  public record Request(String verb, String resource, String namespace, String name, boolean apply, int code) {}

  public long count(String verb, String resource) {
    return traffic.count(verb, resource);
  }

  /** create + update + patch + delete + deletecollection on the resource. */
  public long writes(String resource) {
    return traffic.writes(resource);
  }

  public long total() {
    return traffic.total();
  }

  /** The most recent requests (up to 10,000), oldest first. */
  public List<Request> log() {
    return traffic.log().stream().map(r -> new Request(r.verb(), r.resource(), r.namespace(), r.name(), r.apply(), r.code())).toList();
  }

  /** Forgets counts and log, e.g. after a test's set-up. */
  public void reset() {
    traffic.reset();
  }
}
