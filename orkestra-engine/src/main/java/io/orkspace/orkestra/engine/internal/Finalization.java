package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.engine.internal.EventRecorder.Type;
import io.orkspace.orkestra.engine.internal.KeyReconciler.Result;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The deletion path of a CRD entry's CRs, run while Orkestra's finalizer holds them: {@code onDelete} (Jobs run and
 * awaited, other entries deleted; stage by stage when {@code ordered}), children released or deleted in reverse
 * creation order, the Java hook's delete callback, children the garbage collector cannot reach, then the finalizer.
 */
final class Finalization {

    private final CrdEntry crd;
    private final KubernetesClient client;
    private final ChildCache children;
    private final ServedKinds served;
    private final ChildRenderer renderer;
    private final StatusWriter status;
    private final EventRecorder events;
    private final ChildTeardown teardown;
    private final ChildWriter writer;
    private final CrFinalizers finalizers;
    /** The Java delete callback (hook or constructor), when there is one; a failure throws. */
    private final BiConsumer<GenericKubernetesResource, Map<String, Object>> deleteHook;
    /** Whether any entry the CRs are created from says {@code dependsOn}: then they are deleted in reverse order. */
    private final boolean ordersChildren;

    Finalization(CrdEntry crd, KubernetesClient client, ChildCache children, ServedKinds served, ChildRenderer renderer,
                 StatusWriter status, EventRecorder events, ChildTeardown teardown, ChildWriter writer, CrFinalizers finalizers,
                 BiConsumer<GenericKubernetesResource, Map<String, Object>> deleteHook) {
        this.crd = crd;
        this.client = client;
        this.children = children;
        this.served = served;
        this.renderer = renderer;
        this.status = status;
        this.events = events;
        this.teardown = teardown;
        this.writer = writer;
        this.finalizers = finalizers;
        this.deleteHook = deleteHook;
        this.ordersChildren = java.util.stream.Stream.of(crd.operatorBox().onCreate(), crd.operatorBox().onReconcile())
                .flatMap(b -> b.entries().stream()).anyMatch(e -> !e.dependsOn().isEmpty());
    }

    /**
     * The CR is being deleted and holds our finalizer: run {@code onDelete} (stage by stage when {@code ordered}),
     * release the children whose policy keeps them, delete the ordered children dependents first, call the hook,
     * delete what the garbage collector cannot reach, and only then remove the finalizer. Each step that has to wait
     * reports {@code phase: Deleting} naming what it waits for and comes back later. Templates are rendered over
     * {@code data} (the CR as the reconcile's templates see it); the hook gets the CR itself, {@code crMap}.
     */
    Result finalise(GenericKubernetesResource cr, Map<String, Object> crMap, Map<String, Object> data) {
        if (!finalizers.has(cr)) {
            return Result.DONE;
        }
        String waiting = runOnDelete(cr, data);
        if (waiting != null) {
            io.orkspace.orkestra.katalog.TemplateBlock onDelete = crd.operatorBox().onDelete();
            Instant deadline = deletionStarted(cr).plus(onDelete.timeout());
            if (onDelete.ordered() && Instant.now().isAfter(deadline)) {
                // the reference's rule: a stuck cleanup keeps the finalizer (the CR stays, nothing is lost); say so loudly
                String message = "ordered deletion did not finish within " + onDelete.timeout().toSeconds() + "s: " + waiting;
                events.record(cr, Type.Warning, "DeletionTimedOut", message);
                deleting(cr, "DeletionTimedOut", message);
                return Result.requeueAfter(Duration.ofSeconds(5)); // the Warning is aggregated, not repeated
            }
            deleting(cr, "Deleting", waiting);
            return Result.requeueAfter(Duration.ofSeconds(3)); // child events bring us back sooner
        }
        // children whose deletionPolicy keeps them are let go before the garbage collector would take them
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (ChildTeardown.policy(owned) != ResourceEntry.DeletionPolicy.Delete) {
                teardown.release(cr, owned, "its CR was deleted; deletionPolicy: " + ChildTeardown.policy(owned));
            }
        }
        if (ordersChildren) { // only then is there an order to undo: render what the CR declares to know it
            ChildRenderer.Result declared = renderer.render(crd, data, ChildRenderer.Phase.CREATE);
            declared = ServedKinds.without(declared, served.unserved(declared.children())); // never created: nothing to delete
            try {
                CreationOrder order = CreationOrder.of(declared.children());
                String reverse = order.isEmpty() ? null : teardown.deleteInReverseOrder(cr, declared.children(), order, writer::live);
                if (reverse != null) {
                    deleting(cr, "Deleting", "waiting for " + reverse);
                    return Result.requeueAfter(Duration.ofSeconds(3));
                }
            } catch (CreationOrder.Cycle e) {
                // nothing was created in an order then: the garbage collector takes them all
            }
        }
        deleteHook.accept(cr, crMap);
        // children without an owner reference (cluster-scoped children of a namespaced CR): the garbage collector
        // cannot see them, so they go now
        for (GenericKubernetesResource owned : children.ownedBy(cr.getMetadata().getUid())) {
            if (!ChildWriter.hasOwnerReference(owned) && owned.getMetadata().getDeletionTimestamp() == null
                    && ChildTeardown.policy(owned) == ResourceEntry.DeletionPolicy.Delete) {
                client.resource(owned).delete();
                events.record(cr, Type.Normal, "Deleted", "deleted " + owned.getKind() + " " + owned.getMetadata().getName());
            }
        }
        finalizers.set(cr, false);
        return Result.DONE;
    }

    /**
     * The {@code onDelete} block: its Jobs are created and must finish (complete or fail); every other entry names an
     * object to delete. Without {@code ordered} everything runs at once and only the Jobs are waited for; with
     * {@code ordered: true} the block's own entries, then each group in turn, must be finished (Jobs done, other
     * objects gone from the API server) before the next starts. Returns what is still waited for, or null when done.
     */
    private String runOnDelete(GenericKubernetesResource cr, Map<String, Object> data) {
        io.orkspace.orkestra.katalog.TemplateBlock onDelete = crd.operatorBox().onDelete();
        List<io.orkspace.orkestra.katalog.TemplateBlock> stages = new ArrayList<>();
        stages.add(onDelete);
        if (onDelete.ordered()) {
            stages.addAll(onDelete.groups());
        }
        for (io.orkspace.orkestra.katalog.TemplateBlock stage : stages) {
            ChildRenderer.Result rendered = onDelete.ordered() ? renderer.renderDeletionStage(crd, data, stage)
                    : renderer.render(crd, data, ChildRenderer.Phase.DELETE);
            if (rendered.failed()) {
                events.record(cr, Type.Warning, "InvalidTemplate", DeclarativeReconciler.describe(rendered.errors()));
            }
            // a kind the API server does not serve has no object to delete, and nothing could create one
            rendered = ServedKinds.without(rendered, served.unserved(rendered.children()));
            String waiting = null;
            for (DesiredChild child : rendered.children()) {
                String w = "jobs".equals(child.handler().key()) ? runJob(cr, child) : deleteNamed(cr, child, onDelete.ordered());
                waiting = waiting == null ? w : waiting;
            }
            if (waiting != null) {
                String group = stage.name() != null ? " (group " + stage.name() + ")" : stage == onDelete ? "" : " (group " + stages.indexOf(stage) + ")";
                return waiting + group;
            }
        }
        return null;
    }

    /** An onDelete Job: created (with an owner reference, so it goes with the CR), then waited for until it completes or fails. */
    private String runJob(GenericKubernetesResource cr, DesiredChild child) {
        writer.apply(cr, child, null);
        GenericKubernetesResource live = writer.live(child);
        io.orkspace.orkestra.registry.Readiness r = live == null ? io.orkspace.orkestra.registry.Readiness.waiting("not created yet")
                : child.handler().readiness(live);
        return r.state() == io.orkspace.orkestra.registry.Readiness.State.WAITING
                ? "waiting for " + CreationOrder.describe(child) + " before removing the finalizer: " + r.detail() : null;
    }

    /** An onDelete entry of any other kind: the object it names is deleted; with {@code wait}, it is waited for until gone. */
    private String deleteNamed(GenericKubernetesResource cr, DesiredChild child, boolean wait) {
        HasMetadata existing = client.resource(child.object()).get(); // the API server, not a cache: it may be anyone's object
        if (existing == null) {
            return null;
        }
        if (existing.getMetadata().getDeletionTimestamp() == null) {
            var op = client.resource(existing);
            (wait ? op.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND) : op).delete();
            events.record(cr, Type.Normal, "Deleted", "deleted " + existing.getKind() + " " + existing.getMetadata().getName() + " (onDelete)");
        }
        return wait ? "waiting for " + CreationOrder.describe(child) + " to be deleted" : null;
    }

    private void deleting(GenericKubernetesResource cr, String reason, String message) {
        status.write(cr, new StatusWriter.Report("Deleting", false, reason, message, true, "ReconcileSucceeded",
                "the last reconcile succeeded", Map.of()));
    }

    /** When the CR's deletion was requested (its deletionTimestamp), the start of the ordered deletion's timeout. */
    private static Instant deletionStarted(GenericKubernetesResource cr) {
        try {
            return java.time.OffsetDateTime.parse(cr.getMetadata().getDeletionTimestamp()).toInstant();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
