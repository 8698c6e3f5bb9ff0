package io.orkspace.orkestra.katalog;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated Katalog: what each CRD's operator does. Immutable; templates inside are compiled.
 *
 * <pre>{@code
 * Katalog k = KatalogLoader.create().load(Path.of("katalog.yaml"));
 * CrdEntry website = k.crd("website").orElseThrow();
 * }</pre>
 *
 * @param apiVersion  the format version ({@code orkestra.orkspace.io/v1})
 * @param name        {@code metadata.name}
 * @param description {@code metadata.description}, may be null
 * @param source      the file it was loaded from (null when built in memory)
 * @param finalizers  {@code spec.finalizers}: finalizers for every CRD that does not set its own
 * @param crds        the CRD entries by name, in the order written
 */
public record Katalog(String apiVersion, String name, String description, Path source, List<String> finalizers,
                      Map<String, CrdEntry> crds) {

    public Katalog {
        finalizers = List.copyOf(finalizers);
        crds = Collections.unmodifiableMap(new LinkedHashMap<>(crds));
    }

    public Optional<CrdEntry> crd(String name) {
        return Optional.ofNullable(crds.get(name));
    }

    /** The enabled entries, in the order written. */
    public List<CrdEntry> enabledCrds() {
        return crds.values().stream().filter(CrdEntry::enabled).toList();
    }
}
