package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.katalog.template.TemplateEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The load pipeline: YAML → located tree → canonical layout → schema validation → model. Every stage adds to one
 * problem list, so a file's errors are reported together.
 */
public final class KatalogCompiler {

    static final String API_VERSION = "orkestra.orkspace.io/v1";

    private final TemplateEngine templates;
    private final Schema schema = Schema.builtIn();

    public KatalogCompiler(TemplateEngine templates) {
        this.templates = templates;
    }

    public Katalog compile(String yaml, Path origin) throws KatalogException {
        List<Problem> problems = new ArrayList<>();
        Node.MapNode root = prepare(yaml, origin, problems, "Katalog");
        Katalog katalog = null;
        if (root != null) {
            int schemaProblems = problems.size();
            try {
                katalog = new KatalogBinder(new NodeReader(templates, problems)).bind(root, origin);
            } catch (RuntimeException e) {
                if (schemaProblems == 0) {
                    problems.add(new Problem(new Location(origin, 0, 0), "", "internal error while reading the Katalog: " + e));
                }
            }
        }
        if (!problems.isEmpty() || katalog == null) {
            throw new KatalogException(sorted(problems));
        }
        return katalog;
    }

    /** Validates a Katalog or a Komposer as written. */
    public List<Problem> check(String yaml, Path origin) {
        List<Problem> problems = new ArrayList<>();
        try {
            Node.MapNode root = prepare(yaml, origin, problems, null);
            if (root != null && "Katalog".equals(NodeReader.str(root, "kind", null))) {
                try {
                    new KatalogBinder(new NodeReader(templates, problems)).bind(root, origin);
                } catch (RuntimeException e) {
                    // schema problems already explain it
                }
            }
        } catch (KatalogException e) {
            problems.addAll(e.problems());
        }
        return sorted(problems);
    }

    /** Parses, checks the envelope, canonicalises and validates; null when the root is unusable. */
    private Node.MapNode prepare(String yaml, Path origin, List<Problem> problems, String expectedKind) throws KatalogException {
        Node root = YamlTreeReader.read(yaml, origin);
        if (!(root instanceof Node.MapNode map)) {
            problems.add(new Problem(root.location(), "", "expected a Katalog (a map with apiVersion, kind, metadata and spec), got "
                    + Node.describe(root)));
            return null;
        }
        String kind = NodeReader.str(map, "kind", null);
        String apiVersion = NodeReader.str(map, "apiVersion", null);
        if (apiVersion != null && !API_VERSION.equals(apiVersion)) {
            problems.add(new Problem(map.get("apiVersion").location(), "apiVersion", "expected \"" + API_VERSION + "\", got \"" + apiVersion + "\""));
        }
        String rootType = kind == null ? (expectedKind == null ? "Katalog" : expectedKind) : kind;
        if (!rootType.equals("Katalog") && !rootType.equals("Komposer")) {
            problems.add(new Problem(map.get("kind").location(), "kind", "expected Katalog or Komposer, got \"" + kind + "\""
                    + (kind.equals("Motif") ? " (Motifs are not supported yet)" : "")));
            return null;
        }
        if (expectedKind != null && !expectedKind.equals(rootType)) {
            problems.add(new Problem(map.get("kind").location(), "kind", "this file is a " + rootType + ", expected a " + expectedKind
                    + (rootType.equals("Komposer") ? " (resolve it with the Komposer first: orkestra komposer resolve)" : "")));
            return null;
        }
        Schema.Type type = new Schema.Named(rootType);
        new Canonicalizer(schema, problems).canonicalize(map, type);
        new Validator(schema, templates, problems).validate(map, type);
        return map;
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparing((Problem p) -> String.valueOf(p.location().file()))
                .thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return out;
    }
}
