package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.internal.ContentStore;
import io.orkspace.orkestra.komposer.internal.KatalogMerger;
import io.orkspace.orkestra.komposer.internal.KatalogYaml;
import io.orkspace.orkestra.komposer.internal.KomposerDocument;
import io.orkspace.orkestra.komposer.internal.SourceException;
import io.orkspace.orkestra.komposer.internal.SourceKatalog;
import io.orkspace.orkestra.komposer.internal.Sources;
import io.orkspace.orkestra.komposer.internal.YamlNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a Komposer into one validated Katalog: fetches its imports (files, OCI artifacts, Helm charts), merges
 * them, applies the inline {@code spec.crds} overrides, and loads the result. A plain Katalog passes through.
 *
 * <pre>{@code
 * Resolution r = KomposerResolver.create().resolve(Path.of("komposer.yaml"));
 * Katalog katalog = r.katalog();
 * r.sources().values().forEach(s -> System.out.println(s.crd() + ": " + s.describe()));
 * }</pre>
 *
 * Every failure is a {@link KatalogException} whose problems carry a file:line:column: for a source that cannot be
 * fetched, the import's line in the Komposer and the source's name; for a bad value, the file it was written in.
 */
public final class KomposerResolver {

    private final KomposerOptions options;
    private final KatalogLoader loader;
    private final Sources sources;

    private KomposerResolver(KomposerOptions options, KatalogLoader loader) {
        this.options = options;
        this.loader = loader;
        this.sources = new Sources(options, loader);
    }

    public static KomposerResolver create() {
        return create(KomposerOptions.defaults());
    }

    public static KomposerResolver create(KomposerOptions options) {
        return create(options, KatalogLoader.create());
    }

    /** With the caller's loader, so the resolved Katalog's templates share its engine. */
    public static KomposerResolver create(KomposerOptions options, KatalogLoader loader) {
        return new KomposerResolver(options, loader);
    }

    public KomposerOptions options() {
        return options;
    }

    /** Resolves a Komposer file, or loads a Katalog file as it is. */
    public Resolution resolve(Path file) throws KatalogException {
        String text = read(file);
        YamlNode root = YamlNode.parse(text, file);
        if (!(root instanceof YamlNode.MapNode map) || !"Komposer".equals(map.string("kind"))) {
            Katalog katalog = loader.parse(text, file);
            Map<String, EntrySource> bySource = new LinkedHashMap<>();
            katalog.crds().keySet().forEach(name -> bySource.put(name, new EntrySource(name, file.toString(), null, List.of(), null)));
            return new Resolution(katalog, text, file, bySource);
        }
        List<Problem> problems = new ArrayList<>(loader.check(file));
        if (!problems.isEmpty()) {
            throw new KatalogException(problems);
        }
        KomposerDocument komposer = KomposerDocument.read(map, file);
        List<SourceKatalog> imported = new ArrayList<>();
        for (KomposerDocument.Import imp : komposer.imports()) {
            try {
                imported.addAll(sources.fetch(imp, komposer, problems));
            } catch (SourceException e) {
                problems.add(new Problem(imp.location(), imp.field(), sources.name(imp) + ": " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new KatalogException(problems);
        }
        KatalogMerger.Merged merged = KatalogMerger.merge(komposer, imported);
        if (!merged.problems().isEmpty()) {
            throw new KatalogException(merged.problems());
        }
        String yaml = KatalogYaml.write(merged.root(), merged.sources());
        Path resolvedFile = writeResolved(map, yaml);
        try {
            Katalog katalog = loader.parse(yaml, resolvedFile);
            return new Resolution(katalog, yaml, resolvedFile, merged.sources());
        } catch (KatalogException e) {
            throw new KatalogException(KatalogYaml.relocate(e.problems(), resolvedFile.normalize(), KatalogYaml.locations(merged.root())));
        }
    }

    /** The merged YAML goes under the cache ({@code resolved/NAME-HASH.yaml}): runtime messages point at a file that exists. */
    private Path writeResolved(YamlNode.MapNode komposer, String yaml) throws KatalogException {
        YamlNode.MapNode metadata = komposer.map("metadata");
        String name = metadata == null || metadata.string("name") == null ? "komposer" : metadata.string("name").replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = ContentStore.sha256(yaml.getBytes(StandardCharsets.UTF_8)).substring("sha256:".length(), "sha256:".length() + 12);
        Path file = options.cacheDir().resolve("resolved").resolve(name + "-" + hash + ".yaml");
        try {
            if (!Files.isRegularFile(file)) {
                ContentStore.writeAtomically(file, yaml.getBytes(StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new KatalogException(new Problem(komposer.location(), "", "cannot write the resolved Katalog to " + file + ": " + e.getMessage()));
        }
    }

    private static String read(Path file) throws KatalogException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "file not found"));
        } catch (IOException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "cannot read: " + e.getMessage()));
        }
    }
}
