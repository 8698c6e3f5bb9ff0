package io.orkspace.orkestra.katalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code spec.crds}: a CRD and the operator Orkestra runs for it. Defaults are already applied
 * (workers 3, resync 30s, forceConflict true, enabled true, namespaced true).
 */
public record CrdEntry(
        String name,
        Location location,
        boolean enabled,
        String description,
        Optional<Path> crdFile,
        List<Path> crFiles,
        List<Path> setup,
        ApiTypes apiTypes,
        boolean namespaced,
        String namespace,
        int workers,
        Duration resync,
        List<Dependency> dependsOn,
        Map<String, ValueTemplate> labels,
        Map<String, String> labelSelector,
        Map<String, String> fieldSelector,
        boolean forceConflict,
        List<String> restrictedNamespaces,
        List<String> allowedNamespaces,
        List<String> finalizers,
        boolean ignoreStatusPatch,
        boolean ignoreObservedGeneration,
        boolean removeFinalizers,
        OperatorBox operatorBox,
        Optional<Conversion> conversion,
        Validation validation,
        Mutation mutation,
        Webhooks webhooks) {

    /** Default number of workers per CRD. */
    public static final int DEFAULT_WORKERS = 3;
    /** Default full re-list interval. */
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(30);

    public CrdEntry {
        crFiles = List.copyOf(crFiles);
        setup = List.copyOf(setup);
        dependsOn = List.copyOf(dependsOn);
        labels = Map.copyOf(labels);
        labelSelector = Map.copyOf(labelSelector);
        fieldSelector = Map.copyOf(fieldSelector);
        restrictedNamespaces = List.copyOf(restrictedNamespaces);
        allowedNamespaces = List.copyOf(allowedNamespaces);
        finalizers = List.copyOf(finalizers);
    }
}
