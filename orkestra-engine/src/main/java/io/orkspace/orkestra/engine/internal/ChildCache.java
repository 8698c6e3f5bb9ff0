package io.orkspace.orkestra.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One shared informer per child kind (only objects labelled {@code managed-by=orkestra}), indexed by the uid of their
 * controlling owner. Every add, update or delete of a child is routed to its owner's queue, so an edited or deleted
 * child triggers a reconcile of the CR that wants it.
 */
final class ChildCache implements AutoCloseable {

    static final String MANAGED_BY = "managed-by";
    static final String OWNER_INDEX = "owner-uid";
    /**
     * On a child that cannot have an owner reference (a cluster-scoped child of a namespaced CR): who owns it, as
     * {@code apiVersion=...,kind=...,namespace=...,name=...,uid=...}. The finalizer of the CR deletes such children.
     */
    static final String OWNER_ANNOTATION = "orkestra.orkspace.io/owner";

    /** The owner annotation's value for a CR. */
    static String ownerAnnotation(String apiVersion, String kind, String namespace, String name, String uid) {
        return "apiVersion=" + apiVersion + ",kind=" + kind + ",namespace=" + (namespace == null ? "" : namespace)
                + ",name=" + name + ",uid=" + uid;
    }

    /** Parses {@link #OWNER_ANNOTATION}: its fields, or an empty map when absent or malformed. */
    static Map<String, String> annotatedOwner(io.fabric8.kubernetes.api.model.HasMetadata child) {
        Map<String, String> annotations = child.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(OWNER_ANNOTATION);
        if (value == null) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out.keySet().containsAll(List.of("apiVersion", "kind", "name", "uid")) ? out : Map.of();
    }

    /** Receives the owner reference and namespace of a child that changed. */
    interface Router extends BiConsumer<OwnerReference, String> {
    }

    private final KubernetesClient client;
    private final Router router;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    /** Uids of children the informers saw deleted lately: a write of ours that the cache lost is not "in flight". */
    private final Cache<String, Boolean> deleted = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(2)).maximumSize(100_000).build();

    /** Whether the informer saw the child with this uid deleted (in the last two minutes). */
    boolean seenDeleted(String uid) {
        return uid != null && deleted.getIfPresent(uid) != null;
    }

    ChildCache(KubernetesClient client, Router router) {
        this.client = client;
        this.router = router;
    }

    /** Starts caching a kind (idempotent). */
    synchronized void watch(String apiVersion, String kind) {
        informers.computeIfAbsent(apiVersion + "/" + kind, k -> {
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(apiVersion, kind)
                    .inAnyNamespace()
                    .withLabel(MANAGED_BY, "orkestra")
                    .runnableInformer(0);
            informer.addIndexers(Map.of(OWNER_INDEX, ChildCache::ownerUids));
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource obj) {
                    route(obj);
                }

                @Override
                public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                    if (!newObj.getMetadata().getResourceVersion().equals(oldObj.getMetadata().getResourceVersion())) {
                        route(newObj);
                    }
                }

                @Override
                public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                    if (obj.getMetadata().getUid() != null) {
                        deleted.put(obj.getMetadata().getUid(), Boolean.TRUE);
                    }
                    route(obj);
                }
            });
            informer.start();
            return informer;
        });
    }

    /** Waits until every informer listed its kind. */
    boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SharedIndexInformer<GenericKubernetesResource> i : informers.values()) {
            while (!i.hasSynced()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10); // polling the informer's own flag; there is no sync callback in fabric8 7
            }
        }
        return true;
    }

    /** The cached child, or null. */
    GenericKubernetesResource get(String apiVersion, String kind, String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> i = informers.get(apiVersion + "/" + kind);
        if (i == null) {
            return null;
        }
        return i.getStore().getByKey(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /** Every cached child (of every kind) whose controlling owner has this uid. */
    List<GenericKubernetesResource> ownedBy(String ownerUid) {
        return informers.values().stream().flatMap(i -> i.getIndexer().byIndex(OWNER_INDEX, ownerUid).stream()).toList();
    }

    private void route(GenericKubernetesResource child) {
        List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference ref : refs) {
                if (Boolean.TRUE.equals(ref.getController())) {
                    router.accept(ref, child.getMetadata().getNamespace());
                }
            }
        }
        Map<String, String> owner = annotatedOwner(child);
        if (!owner.isEmpty()) {
            router.accept(new OwnerReferenceBuilder().withApiVersion(owner.get("apiVersion")).withKind(owner.get("kind"))
                    .withName(owner.get("name")).withUid(owner.get("uid")).build(), owner.getOrDefault("namespace", ""));
        }
    }

    private static List<String> ownerUids(GenericKubernetesResource obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        List<String> uids = new java.util.ArrayList<>(refs == null ? List.of() : refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController())).map(OwnerReference::getUid).toList());
        String annotated = annotatedOwner(obj).get("uid");
        if (annotated != null) {
            uids.add(annotated);
        }
        return uids;
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
