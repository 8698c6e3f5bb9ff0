package io.orkspace.orkestra.katalog;

import io.orkspace.orkestra.katalog.internal.KatalogCompiler;
import io.orkspace.orkestra.katalog.template.TemplateEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads Katalog files: YAML in, a validated immutable {@link Katalog} out, or a {@link KatalogException} listing
 * every problem of the file with its file:line:column.
 *
 * <pre>{@code
 * KatalogLoader loader = KatalogLoader.create();
 * try {
 *     Katalog katalog = loader.load(Path.of("katalog.yaml"));
 * } catch (KatalogException e) {
 *     e.problems().forEach(System.err::println);   // katalog.yaml:14:9: spec.crds...: ...
 * }
 * }</pre>
 *
 * A loader owns one {@link TemplateEngine}: templates are compiled once, at load time, and shared by every render.
 */
public final class KatalogLoader {

    private final TemplateEngine templates;

    private KatalogLoader(TemplateEngine templates) {
        this.templates = templates;
    }

    public static KatalogLoader create() {
        return new KatalogLoader(new TemplateEngine());
    }

    /** The engine the loaded Katalogs' templates were compiled with. */
    public TemplateEngine templates() {
        return templates;
    }

    /** Loads and validates a Katalog file; relative paths inside it resolve against its folder. */
    public Katalog load(Path file) throws KatalogException {
        return parse(read(file), file);
    }

    /** Loads a Katalog from text; {@code origin} (may be null) names the file for messages and relative paths. */
    public Katalog parse(String yaml, Path origin) throws KatalogException {
        return new KatalogCompiler(templates).compile(yaml, origin == null ? null : origin.normalize());
    }

    /**
     * Checks a Katalog or a Komposer file (picked by its {@code kind}) and returns its problems, empty when it is valid.
     * A Komposer is checked as written: its imports are not fetched.
     */
    public List<Problem> check(Path file) {
        try {
            return new KatalogCompiler(templates).check(read(file), file.normalize());
        } catch (KatalogException e) {
            return e.problems();
        }
    }

    private static String read(Path file) throws KatalogException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "file not found"));
        } catch (IOException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "cannot read: " + e.getMessage()));
        }
    }
}
