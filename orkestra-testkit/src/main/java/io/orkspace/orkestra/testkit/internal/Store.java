package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The objects, indexed by resource → namespace → name, with one cluster-wide resourceVersion.
 *
 * <p>Reads take no lock: they read concurrent maps of immutable trees. Writes run one at a time under a single lock
 * (the equivalent of etcd's single revision counter), which gives a total order of resourceVersions and of watch
 * events. {@link #committed()} is the version of the last finished write, so a list taken after reading it can be
 * continued by a watch from it without losing an event.
 */
final class Store {
  private final ReentrantLock lock = new ReentrantLock();
  private long revision = 1; // guarded by lock
  private volatile long committed = 1;
  private final Map<String, Map<String, NavigableMap<String, ObjectNode>>> data = new ConcurrentHashMap<>();
  private final Map<String, ObjectRef> byUid = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectRef>> dependents = new ConcurrentHashMap<>();
  final WatchHub watches;

  Store(int watchHistoryPerResource) {
    this.watches = new WatchHub(watchHistoryPerResource);
  }

  long committed() {
    return committed;
  }

  ObjectNode get(String storageKey, String namespace, String name) {
    Map<String, NavigableMap<String, ObjectNode>> byNs = data.get(storageKey);
    if (byNs == null) {
      return null;
    }
    NavigableMap<String, ObjectNode> byName = byNs.get(namespace == null ? "" : namespace);
    return byName == null ? null : byName.get(name);
  }

  ObjectNode get(ObjectRef ref) {
    return get(ref.storageKey(), ref.namespace(), ref.name());
  }

  /** Objects of a resource in one namespace, or in all when namespace is null; ordered by namespace then name. */
  List<ObjectNode> list(String storageKey, String namespace) {
    Map<String, NavigableMap<String, ObjectNode>> byNs = data.get(storageKey);
    List<ObjectNode> out = new ArrayList<>();
    if (byNs == null) {
      return out;
    }
    if (namespace != null) {
      NavigableMap<String, ObjectNode> m = byNs.get(namespace);
      if (m != null) {
        out.addAll(m.values());
      }
      return out;
    }
    List<String> namespaces = new ArrayList<>(byNs.keySet());
    namespaces.sort(null);
    for (String ns : namespaces) {
      out.addAll(byNs.get(ns).values());
    }
    return out;
  }

  /** Namespaces holding at least one object of the resource. */
  Collection<String> namespacesOf(String storageKey) {
    Map<String, NavigableMap<String, ObjectNode>> byNs = data.get(storageKey);
    return byNs == null ? List.of() : new ArrayList<>(byNs.keySet());
  }

  Collection<String> storageKeys() {
    return new ArrayList<>(data.keySet());
  }

  ObjectRef byUid(String uid) {
    return byUid.get(uid);
  }

  /** Objects naming uid in their ownerReferences. */
  List<ObjectRef> dependentsOf(String uid) {
    Set<ObjectRef> deps = dependents.get(uid);
    return deps == null ? List.of() : new ArrayList<>(deps);
  }

  /** Runs a read-modify-write under the write lock. */
  <T> T write(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  void write(Runnable action) {
    write(() -> {
      action.run();
      return null;
    });
  }

  boolean holdsLock() {
    return lock.isHeldByCurrentThread();
  }

  /** Under the lock: stores a new state with the next resourceVersion and publishes ADDED or MODIFIED. */
  ObjectNode put(String storageKey, ObjectNode obj, ObjectNode old) {
    assert holdsLock();
    long rv = ++revision;
    Json.meta(obj).put("resourceVersion", Long.toString(rv));
    String ns = Objects.namespace(obj);
    ObjectRef ref = new ObjectRef(storageKey, ns == null ? "" : ns, Objects.name(obj));
    data.computeIfAbsent(storageKey, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(ref.namespace(), k -> new ConcurrentSkipListMap<>())
        .put(ref.name(), obj);
    index(ref, old, obj);
    watches.publish(new WatchHub.Event(rv, old == null ? "ADDED" : "MODIFIED", storageKey, obj, old));
    committed = rv;
    return obj;
  }

  /** Under the lock: removes an object and publishes DELETED (the object carries a new resourceVersion). */
  ObjectNode remove(String storageKey, ObjectNode current) {
    assert holdsLock();
    String ns = Objects.namespace(current);
    ObjectRef ref = new ObjectRef(storageKey, ns == null ? "" : ns, Objects.name(current));
    Map<String, NavigableMap<String, ObjectNode>> byNs = data.get(storageKey);
    NavigableMap<String, ObjectNode> byName = byNs == null ? null : byNs.get(ref.namespace());
    if (byName == null || byName.remove(ref.name()) == null) {
      return null;
    }
    if (byName.isEmpty()) {
      byNs.remove(ref.namespace(), byName);
    }
    index(ref, current, null);
    long rv = ++revision;
    ObjectNode gone = current.deepCopy();
    Json.meta(gone).put("resourceVersion", Long.toString(rv));
    watches.publish(new WatchHub.Event(rv, "DELETED", storageKey, gone, null));
    committed = rv;
    return gone;
  }

  /** Under the lock: starts a watch (see {@link WatchHub#subscribe}). */
  void watch(WatchHub.Subscription s, long fromRv) {
    write(() -> watches.subscribe(s, fromRv));
  }

  private void index(ObjectRef ref, ObjectNode old, ObjectNode now) {
    if (old != null) {
      byUid.remove(Objects.uid(old));
      for (String owner : Objects.ownerUids(old)) {
        Set<ObjectRef> deps = dependents.get(owner);
        if (deps != null) {
          deps.remove(ref);
          if (deps.isEmpty()) {
            dependents.remove(owner);
          }
        }
      }
    }
    if (now != null) {
      byUid.put(Objects.uid(now), ref);
      for (String owner : Objects.ownerUids(now)) {
        dependents.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(ref);
      }
    }
  }
}
