package io.orkspace.orkestra.testkit;

import io.orkspace.orkestra.testkit.internal.Api;

/**
 * Stand-ins for kube-controller-manager's workload controllers. The embedded cluster runs no pods, so without them a
 * Deployment never becomes ready and a Job never finishes. All are off at start; switch on what a test needs:
 * {@code cluster.controllers().workloadsReady(true).jobsComplete()}. They write status through the status subresource
 * (manager {@code kube-controller-manager}), shortly after the object is created or changed.
 */
public final class Controllers {
  private final Api api;

  Controllers(Api api) {
    this.api = api;
  }

  /**
   * Deployments, StatefulSets and ReplicaSets report {@code spec.replicas} ready, available and updated, with
   * {@code observedGeneration} and (for Deployments) {@code Available} and {@code Progressing} conditions.
   */
  public Controllers workloadsReady(boolean on) {
    api.workloadsReady(on);
    return this;
  }

  /** Jobs get {@code succeeded}, {@code completionTime} and a {@code Complete} condition. */
  public Controllers jobsComplete() {
    api.jobs("COMPLETE");
    return this;
  }

  /** Jobs get {@code failed} and a {@code Failed} condition (reason {@code BackoffLimitExceeded}). */
  public Controllers jobsFail() {
    api.jobs("FAIL");
    return this;
  }

  /** Jobs are left as they are (the default). */
  public Controllers jobsPending() {
    api.jobs("NONE");
    return this;
  }
}
