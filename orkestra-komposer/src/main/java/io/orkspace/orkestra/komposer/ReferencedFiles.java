package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.internal.OciArtifacts;
import io.orkspace.orkestra.komposer.internal.YamlNode;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The files a Katalog references, as artifact layers named by their path relative to the Katalog's folder. A pulled
 * artifact is unpacked into one folder, so a file outside the Katalog's folder (or an absolute path) cannot travel
 * with it and is refused, at the line that names it.
 */
final class ReferencedFiles {

    private static final String CRD = "application/vnd.kubernetes.crd.v1+yaml";
    private static final String CR = "application/vnd.kubernetes.cr.v1+yaml";
    private static final String OTHER = "application/octet-stream";

    private final Path folder;
    private final List<Problem> problems;

    ReferencedFiles(Path folder, List<Problem> problems) {
        this.folder = folder;
        this.problems = problems;
    }

    void collect(YamlNode.MapNode root, Map<String, OciArtifacts.Layer> layers) throws KatalogException {
        YamlNode.MapNode spec = root.map("spec");
        YamlNode crds = spec == null ? null : spec.get("crds");
        Map<String, YamlNode> entries = new java.util.LinkedHashMap<>();
        if (crds instanceof YamlNode.MapNode m) {
            m.entries().forEach((k, v) -> entries.put("spec.crds." + k, v));
        } else if (crds instanceof YamlNode.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                entries.put("spec.crds[" + i + "]", l.items().get(i));
            }
        }
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            if (!(e.getValue() instanceof YamlNode.MapNode entry)) {
                continue;
            }
            String at = e.getKey() + ".";
            add(entry.get("crdFile"), at + "crdFile", CRD, layers);
            for (YamlNode cr : entry.list("crFiles")) {
                add(cr, at + "crFiles", CR, layers);
            }
            YamlNode setup = entry.get("setup");
            if (setup instanceof YamlNode.ListNode l) {
                for (YamlNode s : l.items()) {
                    add(s, at + "setup", OTHER, layers);
                }
            } else if (setup instanceof YamlNode.MapNode sm) {
                for (YamlNode a : sm.list("apply")) {
                    if (a instanceof YamlNode.MapNode am) {
                        add(am.get("path"), at + "setup.apply.path", OTHER, layers);
                    }
                }
            }
        }
        includes(root, layers);
    }

    private void includes(YamlNode node, Map<String, OciArtifacts.Layer> layers) throws KatalogException {
        if (node instanceof YamlNode.MapNode m) {
            if (m.get("include") instanceof YamlNode.ScalarNode s && s.value() instanceof String raw && !raw.contains("{{")
                    && Files.isRegularFile(folder.resolve(raw))) {
                add(s, "include", OTHER, layers);
            }
            for (YamlNode v : m.entries().values()) {
                includes(v, layers);
            }
        } else if (node instanceof YamlNode.ListNode l) {
            for (YamlNode v : l.items()) {
                includes(v, layers);
            }
        }
    }

    private void add(YamlNode node, String field, String mediaType, Map<String, OciArtifacts.Layer> layers) throws KatalogException {
        if (!(node instanceof YamlNode.ScalarNode s) || !(s.value() instanceof String raw) || raw.contains("://") || raw.contains("{{")) {
            return;
        }
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            return;
        }
        Path abs = folder.resolve(path).normalize();
        if (path.isAbsolute() || !abs.startsWith(folder)) {
            problems.add(new Problem(s.location(), field, raw + " is outside the Katalog's folder: an artifact holds that folder only; "
                    + "move the file next to the Katalog and refer to it by a relative path"));
            return;
        }
        String title = folder.relativize(abs).toString().replace('\\', '/');
        if (layers.containsKey(title)) {
            return;
        }
        if (title.equals(OciArtifacts.KATALOG_FILE)) {
            problems.add(new Problem(s.location(), field, "a referenced file cannot be named katalog.yaml: the artifact's Katalog has that name"));
            return;
        }
        if (!Files.isRegularFile(abs)) {
            problems.add(new Problem(s.location(), field, "file not found: " + abs));
            return;
        }
        layers.put(title, new OciArtifacts.Layer(title, mediaType, KatalogPublisher.readBytes(abs)));
    }
}
