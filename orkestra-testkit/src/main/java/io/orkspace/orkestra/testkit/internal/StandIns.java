package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Stand-ins for kube-controller-manager's controllers, off unless a test switches them on: Deployments, StatefulSets,
 * ReplicaSets and DaemonSets report all replicas ready; Jobs complete (or fail); PersistentVolumeClaims bind; Services
 * get Endpoints and an EndpointSlice ({@link ServiceEndpoints}). They write status through the status subresource, as
 * the real controllers do, and run on the collector's thread.
 */
final class StandIns {
  private static final Set<String> WORKLOADS = Set.of("apps/deployments", "apps/statefulsets", "apps/replicasets", "apps/daemonsets");
  private static final String JOBS = "batch/jobs";
  private static final String PVCS = "/persistentvolumeclaims";

  enum JobOutcome { NONE, COMPLETE, FAIL }

  private final Store store;
  private final ResourceRegistry registry;
  private final ResourceWrites writes;
  private volatile boolean workloadsReady;
  private volatile JobOutcome jobs = JobOutcome.NONE;
  private volatile boolean pvcsBind;
  private volatile boolean serviceEndpoints;
  private final ServiceEndpoints endpoints;

  StandIns(Store store, ResourceRegistry registry, ResourceWrites writes) {
    this.store = store;
    this.registry = registry;
    this.writes = writes;
    this.endpoints = new ServiceEndpoints(store, registry, writes);
  }

  void pvcsBind(boolean on) {
    pvcsBind = on;
  }

  void serviceEndpoints(boolean on) {
    serviceEndpoints = on;
  }

  void workloadsReady(boolean on) {
    workloadsReady = on;
  }

  void jobs(JobOutcome outcome) {
    jobs = outcome;
  }

  /** Whether a write to this resource may need a status reaction. */
  boolean interested(String storageKey) {
    return (workloadsReady && WORKLOADS.contains(storageKey)) || (jobs != JobOutcome.NONE && JOBS.equals(storageKey))
        || (pvcsBind && PVCS.equals(storageKey))
        || (serviceEndpoints && (ServiceEndpoints.SERVICES.equals(storageKey) || ServiceEndpoints.PODS.equals(storageKey)));
  }

  /** Every object that may need a reaction (when a stand-in is switched on). */
  List<ObjectRef> all() {
    List<ObjectRef> refs = new java.util.ArrayList<>();
    for (String key : List.of("apps/deployments", "apps/statefulsets", "apps/replicasets", "apps/daemonsets", JOBS, PVCS,
        ServiceEndpoints.SERVICES)) {
      for (ObjectNode o : store.list(key, null)) {
        refs.add(new ObjectRef(key, Objects.namespace(o), Objects.name(o)));
      }
    }
    return refs;
  }

  /** Writes the status the real controller would converge to; a no-op when it is already there. */
  void react(ObjectRef ref) {
    if (!interested(ref.storageKey())) {
      return;
    }
    if (ServiceEndpoints.SERVICES.equals(ref.storageKey()) || ServiceEndpoints.PODS.equals(ref.storageKey())) {
      endpoints.react(ref);
      return;
    }
    store.write(() -> {
      ObjectNode current = store.get(ref);
      ResourceType type = registry.byStorageKey(ref.storageKey());
      if (current == null || type == null || Objects.terminating(current)) {
        return;
      }
      ObjectNode desired = current.deepCopy();
      ObjectNode status = desired.withObjectProperty("status");
      if (JOBS.equals(ref.storageKey())) {
        job(current, status);
      } else if (PVCS.equals(ref.storageKey())) {
        bound(current, status);
      } else if (ref.storageKey().equals("apps/daemonsets")) {
        daemonSet(current, status, Math.max(1, store.list("/nodes", null).size()));
      } else {
        workload(ref.storageKey(), current, status);
      }
      writes.controllerStatusUpdate(type, current, desired);
    });
  }

  private static void workload(String key, ObjectNode obj, ObjectNode status) {
    int replicas = obj.path("spec").path("replicas").asInt(1);
    status.put("observedGeneration", obj.path("metadata").path("generation").asLong(1));
    for (String f : List.of("replicas", "readyReplicas", "availableReplicas", "updatedReplicas", "currentReplicas", "fullyLabeledReplicas")) {
      status.remove(f);
    }
    if (replicas > 0) {
      status.put("replicas", replicas);
      status.put("readyReplicas", replicas);
      status.put("availableReplicas", replicas);
      if (!key.equals("apps/replicasets")) {
        status.put("updatedReplicas", replicas);
      } else {
        status.put("fullyLabeledReplicas", replicas);
      }
      if (key.equals("apps/statefulsets")) {
        status.put("currentReplicas", replicas);
      }
    }
    if (key.equals("apps/deployments")) {
      condition(status, "Available", "MinimumReplicasAvailable", "Deployment has minimum availability.");
      condition(status, "Progressing", "NewReplicaSetAvailable", "ReplicaSet \"" + Objects.name(obj) + "\" has successfully progressed.");
    }
  }

  /** Bound without a PersistentVolume: the phase, access modes and requested capacity, as a bound claim shows them. */
  private static void bound(ObjectNode pvc, ObjectNode status) {
    status.put("phase", "Bound");
    JsonNode modes = pvc.path("spec").get("accessModes");
    if (modes != null && modes.isArray()) {
      status.set("accessModes", modes.deepCopy());
    }
    JsonNode storage = pvc.path("spec").path("resources").path("requests").get("storage");
    if (storage != null) {
      status.putObject("capacity").set("storage", storage.deepCopy());
    }
  }

  /** Scheduled, ready and available on every node (one when no Node objects exist). */
  private static void daemonSet(ObjectNode ds, ObjectNode status, int nodes) {
    status.put("observedGeneration", ds.path("metadata").path("generation").asLong(1));
    for (String f : List.of("currentNumberScheduled", "desiredNumberScheduled", "numberReady", "numberAvailable", "updatedNumberScheduled")) {
      status.put(f, nodes);
    }
    status.put("numberMisscheduled", 0);
  }

  private void job(ObjectNode obj, ObjectNode status) {
    if (status.has("completionTime") || hasCondition(status, "Failed")) {
      return;
    }
    if (!status.has("startTime")) {
      status.put("startTime", Clock.now());
    }
    if (jobs == JobOutcome.COMPLETE) {
      status.put("succeeded", obj.path("spec").path("completions").asInt(1));
      status.put("completionTime", Clock.now());
      condition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
      condition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
    } else {
      status.put("failed", obj.path("spec").path("backoffLimit").asInt(6) + 1);
      condition(status, "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      condition(status, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }
    status.put("ready", 0);
  }

  private static boolean hasCondition(ObjectNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(Json.text(c, "type"))) {
        return true;
      }
    }
    return false;
  }

  /** Adds a True condition unless one of that type is already True (so times do not churn). */
  private static void condition(ObjectNode status, String type, String reason, String message) {
    JsonNode existing = status.get("conditions");
    ArrayNode conditions = existing instanceof ArrayNode ? (ArrayNode) existing : status.putArray("conditions");
    for (JsonNode c : conditions) {
      if (type.equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
        return;
      }
    }
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (type.equals(Json.text(conditions.get(i), "type"))) {
        conditions.remove(i);
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", type);
    c.put("status", "True");
    c.put("lastUpdateTime", Clock.now());
    c.put("lastTransitionTime", Clock.now());
    c.put("reason", reason);
    c.put("message", message);
  }
}
