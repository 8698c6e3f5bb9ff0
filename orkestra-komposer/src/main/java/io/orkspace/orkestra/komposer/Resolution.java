package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.Katalog;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resolved Komposer (or a plain Katalog passed through): the one validated Katalog to run, its YAML, and where
 * each CRD entry came from.
 *
 * @param katalog the merged, validated Katalog
 * @param yaml    the merged Katalog as YAML, with a comment above each CRD entry naming its source; every relative
 *                path in it is already absolute. For a plain Katalog, the file as written.
 * @param file    the file the Katalog was loaded from: for a Komposer, the merged YAML written under the cache
 *                ({@code resolved/}), so that locations in runtime messages point at a file that exists
 * @param sources per CRD entry name, in the Katalog's order, where it came from
 */
public record Resolution(Katalog katalog, String yaml, Path file, Map<String, EntrySource> sources) {

    public Resolution {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }
}
