package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The garbage collector and namespace controller of kube-controller-manager, in one background thread: deletes
 * dependents whose owners are all gone (background), deletes dependents first for {@code foregroundDeletion}, strips
 * owner references for {@code orphan}, and empties terminating namespaces before removing them.
 *
 * <p>Hooks are called under the store lock and only enqueue work; the work itself takes the lock per write.
 */
final class Collector implements AutoCloseable {
  private final Store store;
  private final ResourceRegistry registry;
  private final ResourceWrites writes;
  final StandIns standIns;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "embedded-kube-collector");
    t.setDaemon(true);
    return t;
  });

  Collector(Store store, ResourceRegistry registry, ResourceWrites writes) {
    this.store = store;
    this.registry = registry;
    this.writes = writes;
    this.standIns = new StandIns(store, registry, writes);
  }

  /** An object was created or changed: a stand-in controller may react. */
  void changed(ObjectNode obj, ResourceType type) {
    if (standIns.interested(type.storageKey())) {
      String ns = Objects.namespace(obj);
      ObjectRef ref = new ObjectRef(type.storageKey(), ns == null ? "" : ns, Objects.name(obj));
      submit(() -> standIns.react(ref));
    }
  }

  /** After a stand-in is switched on: react to what already exists. */
  void reactToAll() {
    submit(() -> standIns.all().forEach(standIns::react));
  }

  /** An object was removed: its dependents may be garbage, an owner waiting for it may finish, a namespace may empty. */
  void removed(ResourceType type, ObjectNode obj) {
    String uid = Objects.uid(obj);
    changed(obj, type); // a Service or Pod gone changes endpoints
    submit(() -> collectDependents(uid));
    for (String owner : Objects.ownerUids(obj)) {
      submit(() -> finishForeground(owner));
    }
    String ns = Objects.namespace(obj);
    if (ns != null) {
      ObjectNode namespace = store.get(BuiltInTypes.NAMESPACES.storageKey(), null, ns);
      if (namespace != null && Objects.terminating(namespace)) {
        submit(() -> cleanNamespace(ns));
      }
    }
  }

  /** An object got a deletionTimestamp. */
  void terminating(ResourceType type, ObjectNode obj) {
    if (type == BuiltInTypes.NAMESPACES) {
      String ns = Objects.name(obj);
      submit(() -> cleanNamespace(ns));
      return;
    }
    List<String> finalizers = Objects.finalizers(obj);
    String uid = Objects.uid(obj);
    if (finalizers.contains("orphan")) {
      submit(() -> orphan(uid));
    }
    if (finalizers.contains("foregroundDeletion")) {
      submit(() -> deleteDependentsFirst(uid));
    }
  }

  private void submit(Runnable task) {
    if (!thread.isShutdown()) {
      thread.execute(task);
    }
  }

  private void collectDependents(String ownerUid) {
    for (ObjectRef ref : store.dependentsOf(ownerUid)) {
      store.write(() -> {
        ObjectNode dep = store.get(ref);
        ResourceType type = registry.byStorageKey(ref.storageKey());
        if (dep == null || type == null) {
          return;
        }
        List<String> owners = Objects.ownerUids(dep);
        List<String> alive = owners.stream().filter(u -> store.byUid(u) != null).toList();
        if (alive.isEmpty()) {
          writes.deleteObject(type, dep, "Background");
        } else if (alive.size() < owners.size()) {
          ObjectNode copy = dep.deepCopy();
          ArrayNode refs = (ArrayNode) copy.path("metadata").get("ownerReferences");
          for (int i = refs.size() - 1; i >= 0; i--) {
            if (!alive.contains(Json.text(refs.get(i), "uid"))) {
              refs.remove(i);
            }
          }
          writes.controllerUpdate(type, dep, copy);
        }
      });
    }
  }

  private void orphan(String ownerUid) {
    for (ObjectRef ref : store.dependentsOf(ownerUid)) {
      store.write(() -> {
        ObjectNode dep = store.get(ref);
        ResourceType type = registry.byStorageKey(ref.storageKey());
        if (dep == null || type == null) {
          return;
        }
        ObjectNode copy = dep.deepCopy();
        ArrayNode refs = (ArrayNode) copy.path("metadata").get("ownerReferences");
        for (int i = refs.size() - 1; i >= 0; i--) {
          if (ownerUid.equals(Json.text(refs.get(i), "uid"))) {
            refs.remove(i);
          }
        }
        if (refs.isEmpty()) {
          Json.meta(copy).remove("ownerReferences");
        }
        writes.controllerUpdate(type, dep, copy);
      });
    }
    removeFinalizer(ownerUid, "orphan");
  }

  private void deleteDependentsFirst(String ownerUid) {
    for (ObjectRef ref : store.dependentsOf(ownerUid)) {
      store.write(() -> {
        ObjectNode dep = store.get(ref);
        ResourceType type = registry.byStorageKey(ref.storageKey());
        if (dep != null && type != null) {
          String policy = store.dependentsOf(Objects.uid(dep)).isEmpty() ? "Background" : "Foreground";
          writes.deleteObject(type, dep, policy);
        }
      });
    }
    finishForeground(ownerUid);
  }

  /** Removes {@code foregroundDeletion} once no dependent that blocks owner deletion remains. */
  private void finishForeground(String ownerUid) {
    ObjectRef ref = store.byUid(ownerUid);
    if (ref == null) {
      return;
    }
    ObjectNode owner = store.get(ref);
    if (owner == null || !Objects.finalizers(owner).contains("foregroundDeletion")) {
      return;
    }
    for (ObjectRef depRef : store.dependentsOf(ownerUid)) {
      ObjectNode dep = store.get(depRef);
      if (dep != null && blocks(dep, ownerUid)) {
        return;
      }
    }
    removeFinalizer(ownerUid, "foregroundDeletion");
  }

  private static boolean blocks(ObjectNode dep, String ownerUid) {
    for (JsonNode r : dep.path("metadata").path("ownerReferences")) {
      if (ownerUid.equals(Json.text(r, "uid")) && r.path("blockOwnerDeletion").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  private void removeFinalizer(String uid, String finalizer) {
    store.write(() -> {
      ObjectRef ref = store.byUid(uid);
      ObjectNode obj = ref == null ? null : store.get(ref);
      ResourceType type = ref == null ? null : registry.byStorageKey(ref.storageKey());
      if (obj == null || type == null) {
        return;
      }
      List<String> finalizers = Objects.finalizers(obj);
      if (finalizers.remove(finalizer)) {
        ObjectNode copy = obj.deepCopy();
        Objects.setFinalizers(copy, finalizers);
        writes.controllerUpdate(type, obj, copy);
      }
    });
  }

  /** Deletes everything in a terminating namespace; removes the namespace once it is empty. */
  private void cleanNamespace(String ns) {
    ObjectNode namespace = store.get(BuiltInTypes.NAMESPACES.storageKey(), null, ns);
    if (namespace == null || !Objects.terminating(namespace)) {
      return;
    }
    boolean empty = true;
    for (String key : store.storageKeys()) {
      ResourceType type = registry.byStorageKey(key);
      if (type == null || !type.namespaced()) {
        continue;
      }
      for (ObjectNode obj : store.list(key, ns)) {
        empty = false;
        if (!Objects.terminating(obj)) {
          store.write(() -> {
            ObjectNode current = store.get(key, ns, Objects.name(obj));
            if (current != null) {
              writes.deleteObject(type, current, "Background");
            }
          });
        }
      }
    }
    if (empty || store.storageKeys().stream().allMatch(k -> store.list(k, ns).isEmpty())) {
      store.write(() -> {
        ObjectNode current = store.get(BuiltInTypes.NAMESPACES.storageKey(), null, ns);
        if (current == null) {
          return;
        }
        if (Objects.finalizers(current).isEmpty()) {
          writes.removeNow(BuiltInTypes.NAMESPACES, current);
        } else {
          ObjectNode copy = current.deepCopy();
          copy.withObjectProperty("spec").putArray("finalizers");
          writes.controllerUpdate(BuiltInTypes.NAMESPACES, current, copy);
        }
      });
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
