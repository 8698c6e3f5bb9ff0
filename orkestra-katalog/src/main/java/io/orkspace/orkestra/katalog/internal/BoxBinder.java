package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Conditions;
import io.orkspace.orkestra.katalog.HookRef;
import io.orkspace.orkestra.katalog.OperatorBox;
import io.orkspace.orkestra.katalog.QueueSettings;
import io.orkspace.orkestra.katalog.ReconcilerSettings;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.StatusBlock;
import io.orkspace.orkestra.katalog.TemplateBlock;
import io.orkspace.orkestra.katalog.ValueTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code operatorBox}: reconciler settings, hooks, lifecycle blocks, resource entries and status. */
final class BoxBinder {

    /** Keys of a lifecycle block that are not resource kinds. */
    private static final Set<String> BLOCK_KEYS = Set.of("when", "or", "name", "ordered", "groups", "timeout");
    /** Keys of a resource entry that steer the reconciler rather than describe the object. */
    private static final Set<String> CONTROL_KEYS = Set.of("name", "namespace", "reconcile", "forceConflict", "when", "or", "forEach",
            "dependsOn", "deletionPolicy", "adopt");

    private final NodeReader r;
    private final ConditionReader conditions;

    BoxBinder(NodeReader r, ConditionReader conditions) {
        this.r = r;
        this.conditions = conditions;
    }

    OperatorBox operatorBox(Node.MapNode box) {
        Node.MapNode rec = NodeReader.map(box, "reconciler");
        return new OperatorBox(
                NodeReader.bool(rec, "default", true),
                reconciler(rec),
                block(NodeReader.map(box, "onCreate"), false),
                block(NodeReader.map(box, "onReconcile"), false),
                block(NodeReader.map(box, "onDelete"), true),
                status(NodeReader.map(box, "status")),
                NodeReader.strings(box, "finalizers"),
                conditions.conditions(box),
                new ObserveBinder(r).observe(NodeReader.map(box, "observe")));
    }

    private ReconcilerSettings reconciler(Node.MapNode rec) {
        Node.MapNode q = NodeReader.map(rec, "queue");
        QueueSettings queue = q == null ? QueueSettings.DEFAULTS : new QueueSettings(
                Optional.ofNullable(NodeReader.integer(q, "maxDepth")).orElse(0),
                Optional.ofNullable(NodeReader.integer(q, "failureThreshold")).orElse(QueueSettings.DEFAULTS.failureThreshold()));
        Integer workers = NodeReader.integer(rec, "workers");
        if (workers != null && (workers < 1 || workers > 50)) {
            r.problem(rec.get("workers"), "workers must be between 1 and 50, got " + workers);
        }
        return new ReconcilerSettings(workers, r.duration(rec, "resync"), queue,
                hook(NodeReader.map(rec, "hooks")), hook(NodeReader.map(rec, "constructor")));
    }

    private Optional<HookRef> hook(Node.MapNode h) {
        if (h == null) {
            return Optional.empty();
        }
        List<HookRef.ManagedResource> managed = new ArrayList<>();
        for (Node n : NodeReader.list(h, "managedResources")) {
            if (n instanceof Node.MapNode m) {
                managed.add(new HookRef.ManagedResource(NodeReader.str(m, "apiVersion", ""), NodeReader.str(m, "kind", "")));
            }
        }
        ValueTemplate args = r.compile(h, "args");
        return Optional.of(new HookRef(NodeReader.str(h, "function", ""), args == null ? ValueTemplate.literal(Map.of()) : args,
                NodeReader.bool(h, "runHooksFirst", false), managed, h.location()));
    }

    /**
     * A lifecycle block; {@code deletion}: the {@code onDelete} block, the only one where {@code ordered}, {@code groups}
     * and {@code timeout} mean something (elsewhere they are errors, not silently ignored).
     */
    TemplateBlock block(Node.MapNode b, boolean deletion) {
        return block(b, deletion, false);
    }

    private TemplateBlock block(Node.MapNode b, boolean deletion, boolean group) {
        if (b == null) {
            return TemplateBlock.EMPTY;
        }
        for (String key : List.of("ordered", "groups", "timeout")) {
            if (!deletion && !group && b.get(key) != null) {
                r.problem(b.get(key), key + " only applies to onDelete (ordered deletion); "
                        + "to order creation, use dependsOn on the entry that must wait");
            }
        }
        List<TemplateBlock> groups = new ArrayList<>();
        for (Node g : NodeReader.list(b, "groups")) {
            if (g instanceof Node.MapNode gm) {
                for (String key : List.of("ordered", "groups", "timeout")) {
                    if (gm.get(key) != null) {
                        r.problem(gm.get(key), key + " belongs on onDelete itself, not on one of its groups");
                    }
                }
                groups.add(block(gm, false, true));
            }
        }
        Map<String, List<ResourceEntry>> resources = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : b.entries().entrySet()) {
            if (BLOCK_KEYS.contains(e.getKey()) || !(e.getValue() instanceof Node.ListNode list)) {
                continue;
            }
            List<ResourceEntry> entries = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof Node.MapNode entry) {
                    entries.add(entry(e.getKey(), i, entry));
                }
            }
            resources.put(e.getKey(), entries);
        }
        return new TemplateBlock(resources, conditions.conditions(b), NodeReader.str(b, "name", null),
                NodeReader.bool(b, "ordered", false), groups, r.duration(b, "timeout"));
    }

    private ResourceEntry entry(String kind, int index, Node.MapNode m) {
        Map<String, ValueTemplate> fields = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> {
            if (!CONTROL_KEYS.contains(k) && !(v instanceof Node.ScalarNode s && s.isNull())) {
                fields.put(k, r.compile(v));
            }
        });
        Node.MapNode fe = NodeReader.map(m, "forEach");
        Object force = NodeReader.scalar(m, "forceConflict");
        boolean custom = CustomEntries.KEY.equals(kind);
        if (custom) {
            CustomEntries.check(r, m);
        }
        return new ResourceEntry(kind, index, m.location(), m.path(),
                Optional.ofNullable(custom ? compileOrNull(CustomEntries.name(m)) : r.compile(m, "name")),
                Optional.ofNullable(custom ? compileOrNull(CustomEntries.namespace(m)) : r.compile(m, "namespace")),
                NodeReader.bool(m, "reconcile", false),
                Optional.ofNullable(force == null ? null : NodeReader.bool(m, "forceConflict", true)),
                conditions.conditions(m),
                Optional.ofNullable(fe == null ? null
                        : new ResourceEntry.ForEach(NodeReader.str(fe, "field", ""), NodeReader.str(fe, "as", "item"))),
                java.util.Collections.unmodifiableMap(fields),
                dependsOn(m),
                ResourceEntry.DeletionPolicy.valueOf(NodeReader.str(m, "deletionPolicy", "Delete")),
                NodeReader.bool(m, "adopt", false));
    }

    /** {@code dependsOn: ["Job/{{ .metadata.name }}-migrate"]}: templates, each rendering to {@code Kind/name}. */
    private List<ValueTemplate> dependsOn(Node.MapNode m) {
        List<ValueTemplate> out = new ArrayList<>();
        for (Node n : NodeReader.list(m, "dependsOn")) {
            ValueTemplate t = r.compile(n);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private ValueTemplate compileOrNull(Node n) {
        return n == null || n instanceof Node.ScalarNode s && s.isNull() ? null : r.compile(n);
    }

    private StatusBlock status(Node.MapNode s) {
        if (s == null) {
            return StatusBlock.DEFAULTS;
        }
        List<StatusBlock.Field> fields = new ArrayList<>();
        for (Node n : NodeReader.list(s, "fields")) {
            if (n instanceof Node.MapNode f) {
                ValueTemplate value = r.compile(f, "value");
                Conditions gate = conditions.conditions(f);
                fields.add(new StatusBlock.Field(NodeReader.str(f, "path", ""), value == null ? ValueTemplate.literal("") : value,
                        NodeReader.str(f, "type", "string"), gate, NodeReader.bool(f, "clearOnFalse", false), f.location()));
            }
        }
        if (!NodeReader.bool(s, "conditions", true)) {
            // not silently ignored (SPEC section 2): the engine's bookkeeping rests on these conditions and observedGeneration
            r.problem(s.get("conditions"), "false is not supported yet: Orkestra always writes the Ready and "
                    + "Reconciled conditions and observedGeneration (to write no status at all, set ignoreStatusPatch: true on the CRD entry)");
        }
        return new StatusBlock(NodeReader.bool(s, "conditions", true), fields);
    }
}
