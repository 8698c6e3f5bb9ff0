package io.orkspace.orkestra.katalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource entry of a lifecycle block, e.g. {@code onCreate.deployments[0]}: compiled templates for its fields.
 *
 * @param kind          the canonical kind key ({@code deployments})
 * @param index         position in its list
 * @param location      where the entry was written
 * @param path          its path as written, e.g. {@code spec.crds.website.operatorBox.onCreate.deployments[0]}
 * @param name          the name template, if given (the kind's default applies otherwise)
 * @param namespace     the namespace template, if given (the CR's namespace applies otherwise)
 * @param reconcile     {@code reconcile: true}: also drift-corrected on every reconcile
 * @param forceConflict per-entry override of the CRD's {@code forceConflict}
 * @param conditions    {@code when}/{@code or} of the entry
 * @param forEach       expansion into one object per list item
 * @param fields        every other field, compiled (kind-specific: image, replicas, port, data...)
 * @param dependsOn     Orkestra extension: children ({@code Kind/name} templates) that must be ready before this one is created
 * @param deletionPolicy Orkestra extension: what happens to the object when its CR is deleted or it is no longer declared
 * @param adopt         Orkestra extension: an existing object of the same name that this CR does not own is taken over
 *                      (false: the reconcile reports the clash and leaves the object alone)
 */
public record ResourceEntry(String kind, int index, Location location, String path, Optional<ValueTemplate> name,
                            Optional<ValueTemplate> namespace, boolean reconcile, Optional<Boolean> forceConflict,
                            Conditions conditions, Optional<ForEach> forEach, Map<String, ValueTemplate> fields,
                            List<ValueTemplate> dependsOn, DeletionPolicy deletionPolicy, boolean adopt) {

    public ResourceEntry {
        dependsOn = List.copyOf(dependsOn);
    }

    /** What happens to a child when its CR is deleted, or when the Katalog no longer declares it for the CR. */
    public enum DeletionPolicy {
        /** Deleted in both cases (the default; owner references let the garbage collector do it on CR deletion). */
        Delete,
        /** Released (owner reference and ownership labels removed) and kept when the CR is deleted; deleted when no longer declared. */
        Orphan,
        /** Never deleted by Orkestra: released and kept in both cases. */
        Retain
    }

    /** {@code forEach: {field: spec.items, as: item}}. */
    public record ForEach(String field, String as) {
    }
}
