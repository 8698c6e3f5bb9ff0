package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Writes that webhooks take part in: admission webhooks cover the request, or the CRD converts through a webhook.
 * Webhook calls must not hold the store's write lock (it would stall every other write), so such a write is staged,
 * optimistically, the way the API server's update loop works: read the object, convert it to the request's version,
 * compute the change, convert it back to the storage version, let the mutating and validating webhooks admit it, and
 * commit under the lock only if the object is still the one that was read; else all of it again.
 */
final class StagedWrites {
  private static final int ATTEMPTS = 20;

  private final Store store;
  private final ResourceWrites writes;
  private final Conversions conversions;
  private final AdmissionWebhooks admission;

  StagedWrites(Store store, ResourceWrites writes, Conversions conversions, AdmissionWebhooks admission) {
    this.store = store;
    this.writes = writes;
    this.conversions = conversions;
    this.admission = admission;
  }

  /** Whether a write of this kind calls any webhook (no I/O). */
  boolean involved(Route r, String operation) {
    return conversions.webhook(r.type()) || admission.covers(r, operation);
  }

  /** A new object (create): admitted, then converted to the storage version. */
  ObjectNode admitNew(Route r, ObjectNode obj, ApiRequest req) {
    ObjectNode admitted = admission.covers(r, "CREATE") ? admission.admit(r, "CREATE", null, obj, req) : obj;
    return conversions.toStorage(r.type(), admitted.deepCopy());
  }

  /** A delete: the validating (and mutating) webhooks see the object as it is. */
  void admitDelete(Route r, ApiRequest req) {
    ObjectNode stored = store.get(r.type().storageKey(), r.namespace(), r.name());
    if (stored != null && admission.covers(r, "DELETE")) {
      admission.admit(r, "DELETE", conversions.toVersion(r.type(), stored, r.version()), null, req);
    }
  }

  /**
   * An update, patch or apply: {@code change} turns the current object (in the request's version) into the desired one;
   * {@code creation}, for server-side apply only, makes the object when it is absent.
   */
  ResourceWrites.Patched write(Route r, ApiRequest req, String manager, boolean trackUpdate, UnaryOperator<ObjectNode> change,
      Supplier<ObjectNode> creation) {
    ResourceType type = r.type();
    Route hub = conversions.storageRoute(r);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ObjectNode stored = store.get(type.storageKey(), r.namespace(), r.name());
      if (stored == null) {
        if (creation == null) {
          throw ApiException.notFound(type, r.name());
        }
        ObjectNode toStore = admitNew(r, creation.get(), req);
        ResourceWrites.Patched created = store.write(() -> {
          if (store.get(type.storageKey(), r.namespace(), r.name()) != null) {
            return null;
          }
          writes.checkNamespace(type, r.namespace(), r.name());
          return new ResourceWrites.Patched(writes.createApplied(type, toStore, req.dryRun()), true);
        });
        if (created != null) {
          return created;
        }
        continue;
      }
      ObjectNode currentView = conversions.toVersion(type, stored, r.version());
      ObjectNode desired = stage(hub, stored, change.apply(currentView), manager, trackUpdate);
      if (admission.covers(r, "UPDATE")) {
        ObjectNode newView = conversions.toVersion(type, desired, r.version());
        ObjectNode admitted = admission.admit(r, "UPDATE", currentView, newView, req);
        if (!admitted.equals(newView)) {
          desired = stage(hub, stored, admitted.deepCopy(), manager, trackUpdate);
        }
      }
      ObjectNode commit = desired;
      ObjectNode result = store.write(() -> store.get(type.storageKey(), r.namespace(), r.name()) != stored ? null
          : writes.commit(type, stored, commit, req.dryRun()));
      if (result != null) {
        return new ResourceWrites.Patched(result, false);
      }
    }
    throw ApiException.conflict(type, r.name(), "the object kept changing while the webhooks were called; please try again");
  }

  /** The desired object in the storage version, with the server's update rules applied (nothing stored yet). */
  private ObjectNode stage(Route hub, ObjectNode stored, ObjectNode desiredView, String manager, boolean trackUpdate) {
    ObjectNode desired = conversions.toStorage(hub.type(), desiredView);
    if (desired == stored) {
      desired = desired.deepCopy(); // stored trees are never changed in place
    }
    return writes.prepareUpdate(hub, stored, desired, manager, trackUpdate);
  }
}
