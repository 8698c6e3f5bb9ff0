package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Map;

/**
 * One resource kind of a Katalog's {@code onCreate}/{@code onReconcile}/{@code onDelete} blocks: how a rendered entry
 * becomes the object to apply, with the fields and defaults of the reference's
 * {@code documentation/reference/schema/06-resources/<kind>.md}.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface KindHandler {

    /** The Katalog key of the kind ({@code deployments}, {@code services}, {@code configMaps}, ...). */
    String key();

    /** The apiVersion of the objects built ({@code apps/v1}). */
    String apiVersion();

    /** The kind of the objects built ({@code Deployment}). */
    String kind();

    /** The plural resource name the API server serves it under ({@code deployments}). */
    String plural();

    /** Whether the objects live in a namespace. */
    boolean namespaced();

    /**
     * Whether the object of one entry lives in a namespace, given its rendered fields (without name and namespace):
     * {@link #namespaced()} for every kind but {@code custom}, whose scope depends on the entry's kind.
     */
    default boolean namespaced(Map<String, Object> fields) {
        return namespaced();
    }

    /**
     * The Go template of the object's name when the entry sets none ({@code {{ .metadata.name }}-deployment}), or null
     * when an entry must name its object.
     */
    String defaultName();

    /**
     * Builds the object from an entry's rendered fields. {@code fields} holds every field of the entry after template
     * rendering (values are String, Integer, Long, Double, Boolean, Map or List), plus {@code name} and, for a
     * namespaced kind, {@code namespace}, both already resolved. The result carries the labels
     * {@code managed-by: orkestra} and {@code orkestra-owner: <cr-name>} (see {@link KindHandlers#MANAGED_BY}), and an owner reference to {@code owner}
     * when the API allows one (not for a cluster-scoped child of a namespaced owner).
     *
     * @throws InvalidEntryException when a field has the wrong type or value; the message names the field
     */
    HasMetadata build(Map<String, Object> fields, Owner owner) throws InvalidEntryException;

    /**
     * Whether a live object of this kind is ready, judged from what the API server returned (its {@code status}
     * mostly). The default: ready once it exists. Workloads, Jobs, claims and pods override it.
     */
    default Readiness readiness(GenericKubernetesResource live) {
        return Readiness.READY;
    }

    /**
     * Whether a live object is brought back to its entry when they differ. False for a kind that runs once (a Job,
     * whose pod template cannot change): it is created when missing, and never updated.
     */
    default boolean updatable() {
        return true;
    }
}
