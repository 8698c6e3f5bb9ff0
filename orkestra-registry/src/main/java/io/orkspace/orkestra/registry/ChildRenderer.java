package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.TemplateBlock;
import io.orkspace.orkestra.katalog.ValueTemplate;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.katalog.template.TemplateSyntaxException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CRD entry and one custom resource into the objects the operator applies: evaluates block and entry
 * conditions, expands {@code forEach}, renders every field, applies the kind's defaults and builds the object.
 * A pure function of its inputs (no cluster access): {@code orkestra render} and the reconciler both use it.
 */
public final class ChildRenderer {

    /** Which lifecycle moment to render for. */
    public enum Phase {
        /** The first reconcile of a CR: every onCreate and onReconcile entry. */
        CREATE,
        /** Every later reconcile: onReconcile, plus onCreate entries marked {@code reconcile: true}. */
        RECONCILE,
        /** Deletion: the onDelete entries, then those of its groups in order. */
        DELETE
    }

    /** What rendering produced: the objects, and the entries that failed (each with its location and cause). */
    public record Result(List<DesiredChild> children, List<RenderException> errors) {
        public Result {
            children = List.copyOf(children);
            errors = List.copyOf(errors);
        }

        public boolean failed() {
            return !errors.isEmpty();
        }
    }

    private final KindHandlers handlers;
    private final TemplateEngine templates;

    public ChildRenderer(KindHandlers handlers, TemplateEngine templates) {
        this.handlers = handlers;
        this.templates = templates;
    }

    /** Renders the children of {@code cr} (a custom resource as a plain map) for a phase. */
    public Result render(CrdEntry crd, Map<String, Object> cr, Phase phase) {
        List<DesiredChild> children = new ArrayList<>();
        List<RenderException> errors = new ArrayList<>();
        Owner owner = owner(crd, cr);
        Map<String, Object> data = TemplateData.of(cr);
        switch (phase) {
            case CREATE -> {
                renderBlock(crd, crd.operatorBox().onCreate(), false, owner, cr, data, children, errors);
                renderBlock(crd, crd.operatorBox().onReconcile(), false, owner, cr, data, children, errors);
            }
            case RECONCILE -> {
                renderBlock(crd, crd.operatorBox().onCreate(), true, owner, cr, data, children, errors);
                renderBlock(crd, crd.operatorBox().onReconcile(), false, owner, cr, data, children, errors);
            }
            case DELETE -> {
                renderBlock(crd, crd.operatorBox().onDelete(), false, owner, cr, data, children, errors);
                for (TemplateBlock group : crd.operatorBox().onDelete().groups()) {
                    renderBlock(crd, group, false, owner, cr, data, children, errors);
                }
            }
        }
        return new Result(children, errors);
    }

    /**
     * Renders one block of {@code onDelete} by itself: its own entries only, not its groups (ordered deletion renders
     * each group when its turn comes).
     */
    public Result renderDeletionStage(CrdEntry crd, Map<String, Object> cr, TemplateBlock block) {
        List<DesiredChild> children = new ArrayList<>();
        List<RenderException> errors = new ArrayList<>();
        renderBlock(crd, block, false, owner(crd, cr), cr, TemplateData.of(cr), children, errors);
        return new Result(children, errors);
    }

    private void renderBlock(CrdEntry crd, TemplateBlock block, boolean onlyReconciled, Owner owner, Map<String, Object> cr,
                             Map<String, Object> data, List<DesiredChild> children, List<RenderException> errors) {
        try {
            if (!block.when().test(data)) {
                return;
            }
        } catch (RenderException e) {
            errors.add(e);
            return;
        }
        boolean reconciledBlock = block == crd.operatorBox().onReconcile();
        for (ResourceEntry entry : block.entries()) {
            if (onlyReconciled && !entry.reconcile()) {
                continue;
            }
            try {
                for (Map<String, Object> itemData : expand(entry, cr, data)) {
                    if (entry.conditions().test(itemData)) {
                        KindHandler handler = handler(entry);
                        HasMetadata object = build(handler, entry, owner, itemData);
                        children.add(new DesiredChild(entry, object, entry.reconcile() || reconciledBlock,
                                entry.forceConflict().orElse(crd.forceConflict()), handler, dependsOn(crd, entry, itemData)));
                    }
                }
            } catch (RenderException e) {
                errors.add(e);
            }
        }
    }

    /**
     * The entry's {@code dependsOn}, rendered: each must name a child as {@code Kind/name} or {@code Kind/namespace/name},
     * of a kind some entry of the CRD's onCreate or onReconcile declares (a misspelt kind would otherwise be a
     * dependency nothing ever matches, silently ignored). A name that matches no child rendered for this CR is left to
     * {@code CreationOrder} (its entry's {@code when} may be false for this CR).
     */
    private List<ChildRef> dependsOn(CrdEntry crd, ResourceEntry entry, Map<String, Object> data) throws RenderException {
        List<ChildRef> refs = new ArrayList<>();
        Set<String> declared = entry.dependsOn().isEmpty() ? Set.of() : declaredKinds(crd);
        for (int i = 0; i < entry.dependsOn().size(); i++) {
            Object value = entry.dependsOn().get(i).render(data);
            ChildRef ref = value == null ? null : ChildRef.parse(String.valueOf(value), handlers);
            Location at = entry.dependsOn().get(i) instanceof ValueTemplate.Text text ? text.location() : entry.location();
            if (ref == null) {
                throw new RenderException(at, entry.path() + ".dependsOn[" + i + "]",
                        "\"" + value + "\" does not name a child: write Kind/name (e.g. Job/{{ .metadata.name }}-migrate) or Kind/namespace/name");
            }
            if (declared.stream().noneMatch(k -> k.equalsIgnoreCase(ref.kind()))) {
                throw new RenderException(at, entry.path() + ".dependsOn[" + i + "]", "\"" + value + "\" names a " + ref.kind()
                        + ", and no entry of onCreate or onReconcile declares one (declared: " + String.join(", ", declared) + ")");
            }
            refs.add(ref);
        }
        return refs;
    }

    /** The kinds the entries of a CRD's onCreate and onReconcile build, in declaration order. */
    private Set<String> declaredKinds(CrdEntry crd) {
        Set<String> kinds = new LinkedHashSet<>();
        for (TemplateBlock block : List.of(crd.operatorBox().onCreate(), crd.operatorBox().onReconcile())) {
            for (ResourceEntry e : block.entries()) {
                handlers.kindOf(e).ifPresent(k -> kinds.add(k.kind()));
            }
        }
        return kinds;
    }

    /** One data map per forEach item ({@code .item} and {@code .<as>}; for maps {@code .item} is the key and {@code .value} the value). */
    private List<Map<String, Object>> expand(ResourceEntry entry, Map<String, Object> cr, Map<String, Object> data) throws RenderException {
        if (entry.forEach().isEmpty()) {
            return List.of(data);
        }
        ResourceEntry.ForEach fe = entry.forEach().get();
        Object source = lookup(data, fe.field());
        List<Map<String, Object>> out = new ArrayList<>();
        if (source == null) {
            return out;
        }
        if (source instanceof List<?> list) {
            int i = 0;
            for (Object item : list) {
                out.add(TemplateData.of(cr, vars(fe.as(), item, null, i++)));
            }
        } else if (source instanceof Map<?, ?> map) {
            int i = 0;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(map).entrySet()) {
                out.add(TemplateData.of(cr, vars(fe.as(), e.getKey(), e.getValue(), i++)));
            }
        } else {
            throw new RenderException(entry.location(), entry.path() + ".forEach.field",
                    "\"" + fe.field() + "\" must be a list or a map, got " + source.getClass().getSimpleName());
        }
        return out;
    }

    private static Map<String, Object> vars(String as, Object item, Object value, int index) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("item", item);
        v.put(as, item);
        v.put("index", index);
        if (value != null) {
            v.put("value", value);
        }
        return v;
    }

    private KindHandler handler(ResourceEntry entry) throws RenderException {
        return handlers.forKey(entry.kind()).orElseThrow(() -> new RenderException(entry.location(), entry.path(),
                "resource kind \"" + entry.kind() + "\" is not supported yet"));
    }

    private HasMetadata build(KindHandler handler, ResourceEntry entry, Owner owner, Map<String, Object> data) throws RenderException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, ValueTemplate> f : entry.fields().entrySet()) {
            fields.put(f.getKey(), f.getValue().render(data));
        }
        Object name = entry.name().isPresent() ? entry.name().get().render(data) : defaultName(handler, entry).render(data);
        if (name == null || String.valueOf(name).isBlank()) {
            throw new RenderException(entry.location(), entry.path() + ".name", "the object name rendered empty");
        }
        fields.put("name", String.valueOf(name));
        if (handler.namespaced(fields)) {
            Object ns = entry.namespace().isPresent() ? entry.namespace().get().render(data) : owner.namespace();
            if (ns == null || String.valueOf(ns).isBlank()) {
                throw new RenderException(entry.location(), entry.path() + ".namespace",
                        "a namespaced " + kindName(handler, fields) + " needs a namespace (the CR is cluster-scoped: set namespace on the entry)");
            }
            fields.put("namespace", String.valueOf(ns));
        }
        try {
            return handler.build(fields, owner);
        } catch (InvalidEntryException e) {
            throw located(entry, e.getMessage());
        }
    }

    /**
     * Places a handler's complaint ({@code replicas: expected an integer, got "three"}) on the field it names: its path,
     * and the line of its template when it has one; the entry's own location otherwise.
     */
    private static RenderException located(ResourceEntry entry, String message) {
        int colon = message.indexOf(": ");
        if (colon > 0 && message.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_.\\[\\]-]*")) {
            String field = message.substring(0, colon);
            String key = field.split("[.\\[]", 2)[0];
            ValueTemplate template = entry.fields().get(key);
            if (template != null || key.equals("name") || key.equals("namespace")) {
                Location at = template instanceof ValueTemplate.Text text && field.equals(key) ? text.location() : entry.location();
                return new RenderException(at, entry.path() + "." + field, message.substring(colon + 2));
            }
        }
        return new RenderException(entry.location(), entry.path(), message);
    }

    private ValueTemplate defaultName(KindHandler handler, ResourceEntry entry) throws RenderException {
        if (handler.defaultName() == null) {
            throw new RenderException(entry.location(), entry.path() + ".name", "a " + kindName(handler, entry.fields()) + " entry must set a name");
        }
        try {
            // compile() is a cache hit after the first call: the default name is compiled once per engine
            return new ValueTemplate.Text(templates.compile(handler.defaultName()), entry.location(), entry.path() + ".name");
        } catch (TemplateSyntaxException e) {
            throw new IllegalStateException("default name of " + handler.key() + " does not compile", e);
        }
    }

    /** The kind for messages: the handler's, or a custom entry's own {@code kind}. */
    private static String kindName(KindHandler handler, Map<String, ?> fields) {
        Object kind = fields.get("kind");
        return KindHandlers.CUSTOM.equals(handler.key()) && kind != null && !(kind instanceof ValueTemplate.Text)
                ? String.valueOf(kind instanceof ValueTemplate.Literal l ? l.value() : kind) : handler.kind();
    }

    @SuppressWarnings("unchecked")
    private static Owner owner(CrdEntry crd, Map<String, Object> cr) {
        Map<String, Object> meta = cr.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new Owner(str(cr.get("apiVersion"), crd.apiTypes().apiVersion()), str(cr.get("kind"), crd.apiTypes().kind()),
                str(meta.get("name"), ""), crd.namespaced() ? str(meta.get("namespace"), "default") : null,
                str(meta.get("uid"), ""), crd.namespaced());
    }

    private static Object lookup(Map<String, Object> data, String dotPath) {
        Object cur = data;
        for (String part : (dotPath.startsWith(".") ? dotPath.substring(1) : dotPath).split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    private static String str(Object o, String def) {
        return o == null ? def : String.valueOf(o);
    }
}
