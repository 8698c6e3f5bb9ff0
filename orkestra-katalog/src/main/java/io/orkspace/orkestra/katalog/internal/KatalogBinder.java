package io.orkspace.orkestra.katalog.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orkspace.orkestra.katalog.ApiTypes;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Dependency;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.OperatorBox;
import io.orkspace.orkestra.katalog.ValueTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds a canonical, validated Katalog tree into the immutable model. */
final class KatalogBinder {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final NodeReader r;
    private final BoxBinder boxes;
    private final AdmissionBinder admission;

    KatalogBinder(NodeReader r) {
        this.r = r;
        ConditionReader conditions = new ConditionReader(r);
        this.boxes = new BoxBinder(r, conditions);
        this.admission = new AdmissionBinder(r, conditions);
    }

    Katalog bind(Node.MapNode root, Path source) {
        Node.MapNode metadata = NodeReader.map(root, "metadata");
        Node.MapNode spec = NodeReader.map(root, "spec");
        List<String> finalizers = NodeReader.strings(spec, "finalizers");
        Map<String, CrdEntry> crds = new LinkedHashMap<>();
        Node.MapNode crdMap = NodeReader.map(spec, "crds");
        if (crdMap != null) {
            crdMap.entries().forEach((name, node) -> {
                if (node instanceof Node.MapNode m) {
                    crds.put(name, crd(name, m, finalizers));
                }
            });
            new DependencyCheck(r).check(crdMap, crds);
        }
        return new Katalog(NodeReader.str(root, "apiVersion", ""), NodeReader.str(metadata, "name", ""),
                NodeReader.str(metadata, "description", null), source, finalizers, crds);
    }

    private CrdEntry crd(String name, Node.MapNode m, List<String> katalogFinalizers) {
        if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            r.problem(m, "CRD entry name \"" + name + "\" must be a lower-case DNS name (letters, digits, '-' and '.')");
        }
        Optional<Path> crdFile = Optional.ofNullable(m.get("crdFile")).map(NodeReader::path);
        List<Path> crFiles = new ArrayList<>();
        NodeReader.list(m, "crFiles").forEach(n -> crFiles.add(checkedPath(n)));
        List<Path> setup = new ArrayList<>();
        NodeReader.list(m, "setup").forEach(n -> setup.add(checkedPath(n)));
        Map<String, Object> crd = crdFile.map(f -> readCrd(m.get("crdFile"), f)).orElse(Map.of());
        ApiTypes api = apiTypes(m, crd);
        Object namespacedFlag = NodeReader.scalar(m, "namespaced");
        Optional<BuiltInKinds.Kind> builtIn = BuiltInKinds.find(api.group() == null ? "" : api.group(), api.kind()); // as api.builtIn()
        boolean namespaced = namespacedFlag != null ? NodeReader.bool(m, "namespaced", true)
                : builtIn.map(BuiltInKinds.Kind::namespaced).orElse(!"Cluster".equals(path(crd, "spec", "scope")));

        Node.MapNode box = NodeReader.map(m, "operatorBox");
        OperatorBox operatorBox = boxes.operatorBox(box == null ? new Node.MapNode(m.location(), m.path() + ".operatorBox") : box);
        // CRD-level workers/resync (where Komposer overrides put them) win over operatorBox.reconciler's.
        Integer workers = Optional.ofNullable(NodeReader.integer(m, "workers")).orElse(operatorBox.reconciler().workers());
        Duration resync = Optional.ofNullable(r.duration(m, "resync")).orElse(operatorBox.reconciler().resync());
        List<String> finalizers = NodeReader.strings(m, "finalizers");
        if (finalizers.isEmpty()) {
            finalizers = operatorBox.finalizers().isEmpty() ? katalogFinalizers : operatorBox.finalizers();
        }
        builtIn.ifPresent(k -> checkBuiltIn(m, k, operatorBox));
        Map<String, ValueTemplate> labels = new LinkedHashMap<>();
        Node.MapNode labelNode = NodeReader.map(m, "labels");
        if (labelNode != null) {
            labelNode.entries().forEach((k, v) -> labels.put(k, r.compile(v)));
        }
        return new CrdEntry(name, m.location(), NodeReader.bool(m, "enabled", true), NodeReader.str(m, "description", null),
                crdFile, crFiles, setup, api, namespaced, NodeReader.str(m, "namespace", ""),
                workers == null ? CrdEntry.DEFAULT_WORKERS : workers, resync == null ? CrdEntry.DEFAULT_RESYNC : resync,
                dependencies(m), labels, NodeReader.stringMap(m, "labelSelector"), NodeReader.stringMap(m, "fieldSelector"),
                NodeReader.bool(m, "forceConflict", true), NodeReader.strings(m, "restrictedNamespaces"),
                NodeReader.strings(m, "allowedNamespaces"), finalizers, NodeReader.bool(m, "ignoreStatusPatch", false),
                NodeReader.bool(m, "ignoreObservedGeneration", false), NodeReader.bool(m, "removeFinalizers", false),
                operatorBox, admission.conversion(NodeReader.map(m, "conversion")),
                admission.validation(NodeReader.map(m, "validation")), admission.mutation(NodeReader.map(m, "mutation")),
                admission.webhooks(NodeReader.map(m, "webhooks")));
    }

    /**
     * An entry whose primaries are a Kubernetes kind: a labelSelector keeps it from reconciling every object of that kind
     * in the cluster (the reference requires one), and there is no status subresource of ours to write fields into nor
     * a CRD to convert.
     */
    private void checkBuiltIn(Node.MapNode m, BuiltInKinds.Kind kind, OperatorBox box) {
        String what = (kind.group().isEmpty() ? "" : kind.group() + "/") + kind.version() + " " + kind.kind();
        if (NodeReader.stringMap(m, "labelSelector").isEmpty()) {
            Node at = m.get("apiTypes") != null ? m.get("apiTypes") : m;
            r.problems().add(new io.orkspace.orkestra.katalog.Problem(at.location(), Validator.join(m.path(), "labelSelector"),
                    "required for a built-in kind (" + what + "): without it the operator would reconcile every " + kind.kind()
                            + " of the cluster"));
        }
        if (!box.status().fields().isEmpty()) {
            Node status = NodeReader.map(NodeReader.map(m, "operatorBox"), "status");
            Node at = status instanceof Node.MapNode s && s.get("fields") != null ? s.get("fields") : m;
            r.problem(at, "a built-in kind (" + what + ") has no status of ours: Orkestra writes no status onto its objects,"
                    + " so declared status fields cannot be kept");
        }
        if (m.get("conversion") != null) {
            r.problem(m.get("conversion"), "a built-in kind (" + what + ") has no CRD to convert");
        }
    }

    /**
     * apiTypes as written, completed from crdFile (group, storage version, kind, plural) where it is silent; for a
     * built-in kind ({@code kind: ConfigMap}) from what Kubernetes serves.
     */
    private ApiTypes apiTypes(Node.MapNode m, Map<String, Object> crd) {
        Node.MapNode a = NodeReader.map(m, "apiTypes");
        String group = NodeReader.str(a, "group", str(path(crd, "spec", "group")));
        String kind = NodeReader.str(a, "kind", str(path(crd, "spec", "names", "kind")));
        Optional<BuiltInKinds.Kind> builtIn = a != null && crd.isEmpty() && kind != null ? BuiltInKinds.find(group, kind) : Optional.empty();
        if (builtIn.isPresent()) {
            group = builtIn.get().group();
        }
        String version = NodeReader.str(a, "version", builtIn.map(BuiltInKinds.Kind::version).orElse(storageVersion(crd)));
        String plural = NodeReader.str(a, "plural", builtIn.map(BuiltInKinds.Kind::plural).orElse(str(path(crd, "spec", "names", "plural"))));
        Node where = a != null ? a : m;
        if (a == null && m.get("crdFile") != null && crd.isEmpty()) {
            // the crdFile problem already says why nothing could be read
        } else if (a == null && crd.isEmpty()) {
            r.problem(m, "missing required field \"apiTypes\" (or a crdFile to read group, version, kind and plural from)");
        } else {
            if (version == null) {
                r.problem(where, "missing required field \"apiTypes.version\"");
            }
            if (kind == null && a == null) {
                r.problem(where, "missing required field \"apiTypes.kind\"");
            }
            if (plural == null) {
                r.problem(where, "missing required field \"apiTypes.plural\"");
            }
        }
        return new ApiTypes(group == null ? "" : group, version, kind, plural);
    }

    private List<Dependency> dependencies(Node.MapNode m) {
        List<Dependency> out = new ArrayList<>();
        Node d = m.get("dependsOn");
        if (d instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                if (item instanceof Node.ScalarNode s && s.value() != null) {
                    out.add(new Dependency(String.valueOf(s.value()), Dependency.When.STARTED, item.location()));
                }
            }
        } else if (d instanceof Node.MapNode map) {
            map.entries().forEach((name, v) -> {
                String cond = v instanceof Node.ScalarNode s && s.value() != null ? String.valueOf(s.value())
                        : NodeReader.str(v instanceof Node.MapNode vm ? vm : null, "condition", "started");
                out.add(new Dependency(name, "healthy".equals(cond) ? Dependency.When.HEALTHY : Dependency.When.STARTED,
                        map.keyLocation(name)));
            });
        }
        return out;
    }

    private Path checkedPath(Node n) {
        Path p = NodeReader.path(n);
        if (!Files.isRegularFile(p)) {
            r.problem(n, "file not found: " + p);
        }
        return p;
    }

    private Map<String, Object> readCrd(Node at, Path file) {
        if (!Files.isRegularFile(file)) {
            r.problem(at, "crdFile not found: " + file);
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> crd = YAML.readValue(Files.readString(file), Map.class);
            if (crd == null || !"CustomResourceDefinition".equals(crd.get("kind"))) {
                r.problem(at, "crdFile " + file.getFileName() + " is not a CustomResourceDefinition");
                return Map.of();
            }
            return crd;
        } catch (IOException e) {
            r.problem(at, "crdFile " + file.getFileName() + " cannot be read: " + e.getMessage().split("\n")[0]);
            return Map.of();
        }
    }

    private static String storageVersion(Map<String, Object> crd) {
        if (path(crd, "spec", "versions") instanceof List<?> versions) {
            for (Object v : versions) {
                if (v instanceof Map<?, ?> vm && Boolean.TRUE.equals(vm.get("storage"))) {
                    return str(vm.get("name"));
                }
            }
        }
        return null;
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object cur = map;
        for (String k : keys) {
            cur = cur instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return cur;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
