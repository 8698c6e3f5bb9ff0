package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a located tree into the one canonical layout the binder reads, before validation:
 * expands {@code include:} files, turns the list form of {@code spec.crds} into the map form, moves every
 * alternative spelling the schema declares ({@code alias=}) onto its canonical field, and hoists the
 * regrouped layouts of the reference ({@code operatorBox.reconcile}, {@code operatorBox.emit.status},
 * {@code admission}) into the reference-page layout. Nodes keep their written path and location, so
 * errors still point at what the user wrote.
 */
final class Canonicalizer {

    private static final Set<String> LIFECYCLE_KEYS = Set.of("onCreate", "onReconcile", "onDelete");

    private final Schema schema;
    private final List<Problem> problems;

    Canonicalizer(Schema schema, List<Problem> problems) {
        this.schema = schema;
        this.problems = problems;
    }

    void canonicalize(Node node, Schema.Type type) {
        Schema.Type t = Shapes.pick(type, node);
        if (t instanceof Schema.Named named && node instanceof Node.MapNode map) {
            Schema.ObjectType obj = schema.type(named.name());
            expandInclude(map, obj, 0);
            if (obj.fields().containsKey("crds") && map.get("crds") instanceof Node.ListNode list) {
                map.put("crds", map.keyLocation("crds"), listToMap(list));
            }
            hoist(map, obj);
            applyAliases(map, obj);
            for (Map.Entry<String, Node> e : List.copyOf(map.entries().entrySet())) {
                Schema.Field f = obj.fields().get(e.getKey());
                if (f != null && !f.unsupported()) {
                    canonicalize(e.getValue(), f.type());
                }
            }
        } else if (t instanceof Schema.ListOf l && node instanceof Node.ListNode list) {
            list.items().forEach(i -> canonicalize(i, l.item()));
        } else if (t instanceof Schema.MapOf m && node instanceof Node.MapNode map) {
            map.entries().values().forEach(v -> canonicalize(v, m.value()));
        }
    }

    /** {@code crds: [{name: a, ...}]} becomes {@code crds: {a: {...}}}. */
    private Node listToMap(Node.ListNode list) {
        Node.MapNode map = new Node.MapNode(list.location(), list.path());
        for (Node item : list.items()) {
            if (!(item instanceof Node.MapNode entry)) {
                problems.add(new Problem(item.location(), item.path(), "expected a CRD entry (a map with a name), got " + Node.describe(item)));
                continue;
            }
            Node name = entry.get("name");
            if (!(name instanceof Node.ScalarNode s) || !(s.value() instanceof String n) || n.isBlank()) {
                problems.add(new Problem(entry.location(), entry.path() + ".name",
                        "missing required field \"name\" (in the list form of spec.crds every entry names its CRD)"));
                continue;
            }
            if (map.entries().containsKey(n)) {
                problems.add(new Problem(name.location(), name.path(), "CRD entry \"" + n + "\" is declared twice"));
                continue;
            }
            map.put(n, name.location(), entry);
        }
        return map;
    }

    private void hoist(Node.MapNode map, Schema.ObjectType obj) {
        // operatorBox.reconcile: the regrouped layout holds the lifecycle blocks and the reconciler settings together.
        if (obj.fields().containsKey("reconciler") && obj.fields().containsKey("onCreate")
                && map.get("reconcile") instanceof Node.MapNode regrouped) {
            map.remove("reconcile");
            for (Map.Entry<String, Node> e : List.copyOf(regrouped.entries().entrySet())) {
                if (LIFECYCLE_KEYS.contains(e.getKey())) {
                    move(map, e.getKey(), regrouped.keyLocation(e.getKey()), e.getValue());
                } else {
                    Node.MapNode reconciler = child(map, "reconciler", regrouped);
                    move(reconciler, e.getKey(), regrouped.keyLocation(e.getKey()), e.getValue());
                }
            }
        }
        // operatorBox.emit.status is the regrouped home of operatorBox.status.
        if (obj.fields().containsKey("status") && obj.fields().containsKey("emit") && map.get("emit") instanceof Node.MapNode emit) {
            Node status = emit.remove("status");
            if (status != null) {
                move(map, "status", status.location(), status);
            }
            if (emit.entries().isEmpty()) {
                map.remove("emit");
            }
        }
        // CRD-level admission.{validation,mutation,conversion,webhooks} and webhooks.admission.{validation,mutation}.
        if (obj.fields().containsKey("admission") && map.get("admission") instanceof Node.MapNode admission
                && (obj.fields().containsKey("validation") || obj.fields().containsKey("operations"))) {
            map.remove("admission");
            for (Map.Entry<String, Node> e : List.copyOf(admission.entries().entrySet())) {
                move(map, e.getKey(), admission.keyLocation(e.getKey()), e.getValue());
            }
        }
    }

    private void applyAliases(Node.MapNode map, Schema.ObjectType obj) {
        for (Schema.Field f : obj.fields().values()) {
            if (f.alias() == null || !map.entries().containsKey(f.name())) {
                continue;
            }
            Location keyAt = map.keyLocation(f.name());
            Node value = map.remove(f.name());
            String[] target = f.alias().split("\\.");
            Node.MapNode parent = map;
            for (int i = 0; i < target.length - 1; i++) {
                parent = child(parent, target[i], value);
            }
            move(parent, target[target.length - 1], keyAt, value);
        }
    }

    private Node.MapNode child(Node.MapNode parent, String key, Node near) {
        Node existing = parent.get(key);
        if (existing instanceof Node.MapNode m) {
            return m;
        }
        Node.MapNode created = new Node.MapNode(near.location(), parent.path().isEmpty() ? key : parent.path() + "." + key);
        if (existing == null || existing instanceof Node.ScalarNode s && s.isNull()) {
            parent.put(key, near.location(), created);
        }
        return created;
    }

    /** Puts a value under its canonical key; two spellings of one field, both set, is an error unless both are maps. */
    private void move(Node.MapNode target, String key, Location keyAt, Node value) {
        Node existing = target.get(key);
        if (existing == null || existing instanceof Node.ScalarNode s && s.isNull()) {
            target.put(key, keyAt, value);
        } else if (existing instanceof Node.MapNode a && value instanceof Node.MapNode b) {
            for (Map.Entry<String, Node> e : List.copyOf(b.entries().entrySet())) {
                move(a, e.getKey(), b.keyLocation(e.getKey()), e.getValue());
            }
        } else {
            problems.add(new Problem(keyAt, value.path(), "\"" + existing.path() + "\" (line " + existing.location().line()
                    + ") and \"" + value.path() + "\" are two spellings of the same field: keep one"));
        }
    }

    /**
     * {@code include: file.yaml}: the file's map is merged under the inline one; inline keys win, lists are concatenated
     * (file first), maps joined one level deep (inline keys win).
     */
    private void expandInclude(Node.MapNode map, Schema.ObjectType obj, int depth) {
        Schema.Field f = obj.fields().get("include");
        if (f == null || f.unsupported() || !(map.get("include") instanceof Node.ScalarNode ref) || !(ref.value() instanceof String file)) {
            return;
        }
        map.remove("include");
        Path base = ref.location().file() == null ? Path.of(".") : ref.location().file().toAbsolutePath().getParent();
        Path path = base.resolve(file).normalize();
        if (depth > 8) {
            problems.add(new Problem(ref.location(), ref.path(), "include nesting deeper than 8 levels (a cycle?)"));
            return;
        }
        try {
            Node included = YamlTreeReader.read(Files.readString(path), path);
            if (!(included instanceof Node.MapNode incMap)) {
                problems.add(new Problem(ref.location(), ref.path(), "included file " + file + " must hold a map, got " + Node.describe(included)));
                return;
            }
            rebase(incMap, map.path());
            expandInclude(incMap, obj, depth + 1);
            for (Map.Entry<String, Node> e : incMap.entries().entrySet()) {
                Node inline = map.get(e.getKey());
                if (inline == null) {
                    map.put(e.getKey(), incMap.keyLocation(e.getKey()), e.getValue());
                } else if (inline instanceof Node.ListNode il && e.getValue() instanceof Node.ListNode fl) {
                    List<Node> merged = new ArrayList<>(fl.items());
                    merged.addAll(il.items());
                    il.items().clear();
                    il.items().addAll(merged);
                } else if (inline instanceof Node.MapNode im && e.getValue() instanceof Node.MapNode fm) {
                    // maps of named declarations (observe.events): the file's names join the inline ones, inline wins
                    fm.entries().forEach((k, v) -> {
                        if (im.get(k) == null) {
                            im.put(k, fm.keyLocation(k), v);
                        }
                    });
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(ref.location(), ref.path(), "cannot read included file " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        } catch (KatalogException e) {
            problems.addAll(e.problems());
        }
    }

    /** Gives the nodes of an included file paths under the field that includes them. */
    private static void rebase(Node node, String prefix) {
        node.path(node.path().isEmpty() ? prefix : prefix + "." + node.path());
        if (node instanceof Node.MapNode m) {
            m.entries().values().forEach(v -> rebase(v, prefix));
        } else if (node instanceof Node.ListNode l) {
            l.items().forEach(v -> rebase(v, prefix));
        }
    }
}
