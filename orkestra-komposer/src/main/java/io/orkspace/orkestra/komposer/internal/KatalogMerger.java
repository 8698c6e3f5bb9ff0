package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.katalog.Suggestions;
import io.orkspace.orkestra.komposer.EntrySource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the Katalogs of a Komposer's imports and its inline {@code spec.crds} block into one Katalog tree.
 * <ul>
 *   <li>Each import's relative paths are made absolute against that import's folder; its {@code spec.finalizers}
 *       move onto its entries that set none, so they keep applying to the entries they were written for.</li>
 *   <li>Two imports defining the same CRD entry is an error naming both, unless the inline block names the entry:
 *       then the later import is the base and the inline block is merged over it.</li>
 *   <li>The inline block wins: maps merge key by key, scalars and lists are replaced, {@code null} removes a field.
 *       An inline entry that names no imported entry must be a complete entry (with {@code apiTypes} or {@code crdFile}).</li>
 * </ul>
 * Every node keeps the location it was written at, so later errors point at the right file.
 */
public final class KatalogMerger {

    /** The merged Katalog tree, the source of each entry, and the merge's problems. */
    public record Merged(YamlNode.MapNode root, Map<String, EntrySource> sources, List<Problem> problems) {
    }

    private record Definition(SourceKatalog source, YamlNode.MapNode entry) {
    }

    private KatalogMerger() {
    }

    public static Merged merge(KomposerDocument komposer, List<SourceKatalog> imports) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<Definition>> defined = new LinkedHashMap<>();
        for (SourceKatalog source : imports) {
            entries(source).forEach((name, entry) -> defined.computeIfAbsent(name, k -> new ArrayList<>()).add(new Definition(source, entry)));
        }
        YamlNode.MapNode overrides = komposer.overrides();
        Path komposerFolder = komposer.file().toAbsolutePath().getParent();

        YamlNode.MapNode crds = new YamlNode.MapNode(overrides.location());
        Map<String, EntrySource> sources = new LinkedHashMap<>();
        for (Map.Entry<String, List<Definition>> e : defined.entrySet()) {
            String name = e.getKey();
            List<Definition> defs = e.getValue();
            Definition base = defs.get(defs.size() - 1);
            boolean settled = overrides.get(name) != null;
            if (defs.size() > 1 && !settled) {
                Definition first = defs.get(0);
                problems.add(new Problem(base.source().importedAt(), "spec.crds." + name, "CRD entry \"" + name + "\" is defined by two imports: "
                        + first.source().label() + " (" + first.source().importedAt() + ") and " + base.source().label() + " ("
                        + base.source().importedAt() + "); keep one, or settle it in the Komposer's spec.crds." + name));
                continue;
            }
            List<String> superseded = new ArrayList<>();
            defs.subList(0, defs.size() - 1).forEach(d -> superseded.add(d.source().label()));
            YamlNode.MapNode entry = base.entry().copy();
            Location overriddenAt = null;
            YamlNode override = overrides.get(name);
            if (override != null) {
                overriddenAt = overrides.keyLocation(name);
                if (override instanceof YamlNode.MapNode om) {
                    YamlNode.MapNode rewritten = om.copy();
                    RelativePaths.rewrite(rewritten, komposerFolder);
                    mergeInto(entry, rewritten);
                } else {
                    problems.add(new Problem(override.location(), "spec.crds." + name, "expected a map of fields to override"));
                }
            }
            crds.put(name, base.entry().location(), entry);
            sources.put(name, new EntrySource(name, base.source().label(), base.source().importedAt(), superseded, overriddenAt));
        }
        for (Map.Entry<String, YamlNode> e : overrides.entries().entrySet()) {
            String name = e.getKey();
            if (defined.containsKey(name)) {
                continue;
            }
            Location at = overrides.keyLocation(name);
            if (!(e.getValue() instanceof YamlNode.MapNode om)) {
                problems.add(new Problem(e.getValue().location(), "spec.crds." + name, "expected a CRD entry (a map)"));
                continue;
            }
            if (om.get("apiTypes") == null && om.get("crdFile") == null) {
                problems.add(new Problem(at, "spec.crds." + name, "overrides no imported CRD entry" + importedNames(defined.keySet(), name)));
                continue;
            }
            YamlNode.MapNode entry = om.copy();
            RelativePaths.rewrite(entry, komposerFolder);
            crds.put(name, at, entry);
            sources.put(name, new EntrySource(name, null, null, List.of(), at));
        }
        return new Merged(katalog(komposer, crds), sources, problems);
    }

    /** The entries of one import's {@code spec.crds}, map or list form, paths made absolute, finalizers pushed down. */
    private static Map<String, YamlNode.MapNode> entries(SourceKatalog source) {
        Map<String, YamlNode.MapNode> out = new LinkedHashMap<>();
        YamlNode.MapNode spec = source.root().map("spec");
        if (spec == null) {
            return out;
        }
        YamlNode finalizers = spec.get("finalizers");
        YamlNode crds = spec.get("crds");
        Path folder = source.file().toAbsolutePath().getParent();
        if (crds instanceof YamlNode.MapNode m) {
            m.entries().forEach((name, v) -> {
                if (v instanceof YamlNode.MapNode entry) {
                    out.put(name, prepared(entry, folder, finalizers, null));
                }
            });
        } else if (crds instanceof YamlNode.ListNode l) {
            for (YamlNode item : l.items()) {
                if (item instanceof YamlNode.MapNode entry && entry.string("name") != null) {
                    out.put(entry.string("name"), prepared(entry, folder, finalizers, "name"));
                }
            }
        }
        return out;
    }

    private static YamlNode.MapNode prepared(YamlNode.MapNode entry, Path folder, YamlNode finalizers, String drop) {
        YamlNode.MapNode copy = new YamlNode.MapNode(entry.location());
        entry.entries().forEach((k, v) -> {
            if (!k.equals(drop)) {
                copy.put(k, entry.keyLocation(k), v.copy());
            }
        });
        RelativePaths.rewrite(copy, folder);
        if (finalizers != null && copy.get("finalizers") == null) {
            copy.put("finalizers", finalizers.location(), finalizers.copy());
        }
        return copy;
    }

    /** Deep merge: maps key by key, anything else replaced, an explicit null removes the field. */
    static void mergeInto(YamlNode.MapNode base, YamlNode.MapNode override) {
        for (Map.Entry<String, YamlNode> e : override.entries().entrySet()) {
            String key = e.getKey();
            YamlNode value = e.getValue();
            if (value instanceof YamlNode.ScalarNode s && s.value() == null) {
                base.entries().remove(key);
            } else if (value instanceof YamlNode.MapNode om && base.get(key) instanceof YamlNode.MapNode bm) {
                mergeInto(bm, om);
            } else {
                base.put(key, override.keyLocation(key), value.copy());
            }
        }
    }

    private static YamlNode.MapNode katalog(KomposerDocument komposer, YamlNode.MapNode crds) {
        YamlNode.MapNode root = komposer.root();
        YamlNode.MapNode out = new YamlNode.MapNode(root.location());
        YamlNode apiVersion = root.get("apiVersion");
        out.put("apiVersion", root.keyLocation("apiVersion"), apiVersion == null ? scalar(root, "orkestra.orkspace.io/v1") : apiVersion.copy());
        out.put("kind", root.keyLocation("kind"), scalar(root.get("kind") == null ? root : root.get("kind"), "Katalog"));
        if (root.get("metadata") != null) {
            out.put("metadata", root.keyLocation("metadata"), root.get("metadata").copy());
        }
        YamlNode.MapNode spec = new YamlNode.MapNode(root.get("spec") == null ? root.location() : root.get("spec").location());
        spec.put("crds", crds.location(), crds);
        out.put("spec", root.keyLocation("spec"), spec);
        return out;
    }

    private static YamlNode.ScalarNode scalar(YamlNode at, String value) {
        return new YamlNode.ScalarNode(at.location(), value);
    }

    private static String importedNames(java.util.Set<String> imported, String name) {
        if (imported.isEmpty()) {
            return " (the imports define none); a new entry needs apiTypes or crdFile";
        }
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : imported) {
            int d = Suggestions.distance(candidate, name);
            if (d < best) {
                best = d;
                closest = candidate;
            }
        }
        String hint = best <= Math.max(2, name.length() / 3) ? "; did you mean \"" + closest + "\"?" : "";
        return " (imported: " + String.join(", ", imported) + ")" + hint + " A new entry needs apiTypes or crdFile.";
    }
}
