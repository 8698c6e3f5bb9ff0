package io.orkspace.orkestra.komposer.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the relative file references of a CRD entry ({@code crdFile}, {@code crFiles}, {@code setup},
 * {@code include}) to absolute paths against the folder of the file that wrote them. A merged Katalog gathers entries
 * from many folders; after this, each entry still points at its own files.
 */
final class RelativePaths {

    private RelativePaths() {
    }

    static void rewrite(YamlNode.MapNode entry, Path folder) {
        rewriteScalar(entry, "crdFile", folder, false);
        rewriteList(entry.get("crFiles"), folder);
        YamlNode setup = entry.get("setup");
        if (setup instanceof YamlNode.ListNode) {
            rewriteList(setup, folder);
        } else if (setup instanceof YamlNode.MapNode m && m.get("apply") instanceof YamlNode.ListNode apply) {
            apply.items().forEach(i -> {
                if (i instanceof YamlNode.MapNode item) {
                    rewriteScalar(item, "path", folder, false);
                }
            });
        }
        rewriteIncludes(entry, folder);
    }

    /**
     * {@code include:} may sit in many blocks (reconciler, status, validation…). A key of that name inside a free-form
     * template could mean something else, so it is only rewritten when the file it names exists.
     */
    private static void rewriteIncludes(YamlNode node, Path folder) {
        if (node instanceof YamlNode.MapNode m) {
            rewriteScalar(m, "include", folder, true);
            for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
                rewriteIncludes(e.getValue(), folder);
            }
        } else if (node instanceof YamlNode.ListNode l) {
            l.items().forEach(i -> rewriteIncludes(i, folder));
        }
    }

    private static void rewriteScalar(YamlNode.MapNode map, String key, Path folder, boolean onlyIfExists) {
        if (map.get(key) instanceof YamlNode.ScalarNode s && s.value() instanceof String raw && isRelativeFile(raw)) {
            Path abs = folder.resolve(raw).normalize();
            if (!onlyIfExists || Files.isRegularFile(abs)) {
                map.put(key, map.keyLocation(key), new YamlNode.ScalarNode(s.location(), abs.toString()));
            }
        }
    }

    private static void rewriteList(YamlNode node, Path folder) {
        if (!(node instanceof YamlNode.ListNode list)) {
            return;
        }
        List<YamlNode> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof YamlNode.ScalarNode s && s.value() instanceof String raw && isRelativeFile(raw)) {
                items.set(i, new YamlNode.ScalarNode(s.location(), folder.resolve(raw).normalize().toString()));
            }
        }
    }

    private static boolean isRelativeFile(String raw) {
        if (raw.isBlank() || raw.contains("://") || raw.contains("{{")) {
            return false;
        }
        try {
            return !Path.of(raw).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
