package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.Problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a fetched Katalog file into a {@link SourceKatalog}: it must be a Katalog (a Komposer imports Katalogs, not
 * Komposers) and valid on its own, checked by the Katalog loader, so its errors point at its own lines.
 */
public final class ImportedKatalogs {

    private final KatalogLoader loader;

    public ImportedKatalogs(KatalogLoader loader) {
        this.loader = loader;
    }

    /**
     * Reads {@code file}. {@code text} may differ from the file (a rendered Helm template); null reads the file.
     * Problems inside the Katalog are added to {@code problems}, with " (in LABEL)" when the file is a cache copy.
     */
    public SourceKatalog load(KomposerDocument.Import imp, String label, Path file, String text, boolean remote,
                              List<Problem> problems) throws SourceException {
        String yaml = text;
        if (yaml == null) {
            try {
                yaml = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new SourceException("file not found: " + file);
            } catch (IOException e) {
                throw new SourceException("cannot read " + file + ": " + e.getMessage());
            }
        }
        YamlNode root;
        try {
            root = YamlNode.parse(yaml, file);
        } catch (KatalogException e) {
            add(problems, e.problems(), remote ? label : null);
            return null;
        }
        if (!(root instanceof YamlNode.MapNode map)) {
            throw new SourceException("does not hold a Katalog (a map with apiVersion, kind, metadata and spec)");
        }
        String kind = map.string("kind");
        if ("Komposer".equals(kind)) {
            throw new SourceException("is a Komposer: a Komposer imports Katalogs, not other Komposers");
        }
        if (!"Katalog".equals(kind)) {
            throw new SourceException("is not a Katalog (kind: " + (kind == null ? "missing" : kind) + ")");
        }
        try {
            loader.parse(yaml, file);
        } catch (KatalogException e) {
            add(problems, e.problems(), remote ? label : null);
            return null;
        }
        return new SourceKatalog(label, imp.location(), file, map);
    }

    private static void add(List<Problem> problems, List<Problem> found, String label) {
        for (Problem p : found) {
            problems.add(label == null ? p : new Problem(p.location(), p.path(), p.message() + " (in " + label + ")"));
        }
    }
}
