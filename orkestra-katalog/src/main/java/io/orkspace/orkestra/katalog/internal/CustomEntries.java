package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.template.TemplateEngine;

/**
 * What a {@code custom} entry needs beyond its schema: {@code apiVersion} and {@code kind} written as plain text (the
 * engine watches each child kind from its start, so the kind cannot depend on a CR), and a name, which the reference
 * writes as {@code metadata.name} and the other kinds as {@code name}.
 */
final class CustomEntries {

    /** The Katalog key of the kind. */
    static final String KEY = "custom";

    private CustomEntries() {
    }

    /** Reports what is wrong with a custom entry (the schema has checked the types already). */
    static void check(NodeReader r, Node.MapNode entry) {
        for (String key : new String[] {"apiVersion", "kind"}) {
            if (entry.get(key) instanceof Node.ScalarNode s && s.value() instanceof String text && TemplateEngine.isTemplate(text)) {
                r.problem(s, key + " must be written out, not templated: the engine watches every child kind from its "
                        + "start, before any CR is read");
            }
        }
        Node.MapNode metadata = NodeReader.map(entry, "metadata");
        Node metadataName = metadata == null ? null : metadata.get("name");
        Node name = entry.get("name");
        if (present(name) && present(metadataName)) {
            r.problem(name, "give the name once: name or metadata.name (they mean the same)");
        } else if (!present(name) && !present(metadataName)) {
            r.problem(entry, "a custom entry must set metadata.name (custom objects have no default name)");
        }
    }

    /** The node of the object's name: {@code name}, else {@code metadata.name}. */
    static Node name(Node.MapNode entry) {
        Node.MapNode metadata = NodeReader.map(entry, "metadata");
        return present(entry.get("name")) ? entry.get("name") : metadata == null ? null : metadata.get("name");
    }

    /** The node of the object's namespace: {@code metadata.namespace} (null: the CR's). */
    static Node namespace(Node.MapNode entry) {
        Node.MapNode metadata = NodeReader.map(entry, "metadata");
        return metadata == null ? null : metadata.get("namespace");
    }

    private static boolean present(Node n) {
        return n != null && !(n instanceof Node.ScalarNode s && s.isNull());
    }
}
