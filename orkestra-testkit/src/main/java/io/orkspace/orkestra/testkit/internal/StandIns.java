package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Stand-ins for kube-controller-manager's workload controllers, off unless a test switches them on: Deployments,
 * StatefulSets and ReplicaSets report all replicas ready; Jobs complete (or fail). They write status through the
 * status subresource, as the real controllers do, and run on the collector's thread.
 */
final class StandIns {
  private static final Set<String> WORKLOADS = Set.of("apps/deployments", "apps/statefulsets", "apps/replicasets");
  private static final String JOBS = "batch/jobs";

  enum JobOutcome { NONE, COMPLETE, FAIL }

  private final Store store;
  private final ResourceRegistry registry;
  private final ResourceWrites writes;
  private volatile boolean workloadsReady;
  private volatile JobOutcome jobs = JobOutcome.NONE;

  StandIns(Store store, ResourceRegistry registry, ResourceWrites writes) {
    this.store = store;
    this.registry = registry;
    this.writes = writes;
  }

  void workloadsReady(boolean on) {
    workloadsReady = on;
  }

  void jobs(JobOutcome outcome) {
    jobs = outcome;
  }

  /** Whether a write to this resource may need a status reaction. */
  boolean interested(String storageKey) {
    return (workloadsReady && WORKLOADS.contains(storageKey)) || (jobs != JobOutcome.NONE && JOBS.equals(storageKey));
  }

  /** Every object that may need a reaction (when a stand-in is switched on). */
  List<ObjectRef> all() {
    List<ObjectRef> refs = new java.util.ArrayList<>();
    for (String key : List.of("apps/deployments", "apps/statefulsets", "apps/replicasets", JOBS)) {
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
