package io.orkspace.orkestra.testkit;

import io.orkspace.orkestra.testkit.internal.Api;

/**
 * Stand-ins for kube-controller-manager's controllers. The embedded cluster runs no pods, so without them a
 * Deployment never becomes ready, a Job never finishes, a claim never binds and a Service has no endpoints. All are off
 * at start; switch on what a test needs: {@code cluster.controllers().workloadsReady(true).jobsComplete().pvcsBind(true)}. They write status through the status subresource
 * (manager {@code kube-controller-manager}), shortly after the object is created or changed.
 */
public final class Controllers {
  private final Api api;

  Controllers(Api api) {
    this.api = api;
  }

  /**
   * Deployments, StatefulSets and ReplicaSets report {@code spec.replicas} ready, available and updated, with
   * {@code observedGeneration} and (for Deployments) {@code Available} and {@code Progressing} conditions; DaemonSets
   * report themselves scheduled, ready and available on every Node (one when the cluster has no Node objects).
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

  /**
   * PersistentVolumeClaims bind: {@code status.phase: Bound} with the claim's access modes and requested storage as
   * capacity. No PersistentVolume is created and {@code spec.volumeName} stays empty.
   */
  public Controllers pvcsBind(boolean on) {
    api.pvcsBind(on);
    return this;
  }

  /**
   * Services with a selector get an Endpoints object of their name and an EndpointSlice (labelled
   * {@code kubernetes.io/service-name}, owned by the Service) listing the selected Pods that have a
   * {@code status.podIP}: Pods with a {@code Ready=True} condition as ready addresses, others as not ready. No Pod gets
   * an IP by itself; write the Pod's status as the kubelet would.
   */
  public Controllers serviceEndpoints(boolean on) {
    api.serviceEndpoints(on);
    return this;
  }
}
