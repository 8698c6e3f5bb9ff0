package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Condition;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Mutation;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.katalog.Validation;
import io.orkspace.orkestra.katalog.ValueTemplate;
import io.orkspace.orkestra.katalog.template.Template;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.webhook.internal.Diff;
import io.orkspace.orkestra.webhook.internal.FieldPath;
import io.orkspace.orkestra.webhook.internal.Json;
import io.orkspace.orkestra.webhook.internal.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The admission rules of one CRD entry: {@code validation.rules}, {@code mutation.rules}, {@code webhooks.operations}
 * and {@code restrictedNamespaces}/{@code allowedNamespaces}. Plain functions on a custom resource (a map as read from
 * JSON or YAML): the webhook calls them for AdmissionReviews, the engine calls them at reconcile time.
 *
 * <pre>{@code
 * Admission admission = Admission.of(katalog.crd("website").orElseThrow());
 * Admission.Mutated m = admission.mutate(cr, Admission.Phase.RECONCILE);    // defaults and overrides applied
 * Admission.Verdict v = admission.validate(m.object(), Admission.Phase.RECONCILE);
 * if (!v.allowed()) { ... v.message() ... }
 * }</pre>
 *
 * Rules run in the order written; each mutation rule sees the object as the rules before it left it. Rules with
 * {@code fires.reconcile: false} run in {@link Phase#ADMISSION} only. Immutable and thread-safe.
 */
public final class Admission {

    /** Where the rules run: at admission (every rule) or at reconcile (rules without {@code fires.reconcile: false}). */
    public enum Phase { ADMISSION, RECONCILE }

    /**
     * One broken validation rule.
     *
     * @param field    the field the rule checks, as written ({@code spec.replicas}, or its template)
     * @param message  the rule's message, rendered
     * @param got      the value found (null when absent)
     * @param location where the rule is written
     */
    public record Violation(String field, String message, Object got, Location location) {
        /** {@code spec.replicas: replicas must not exceed 10 (got 12)}. */
        public String describe() {
            return (field.isEmpty() ? "" : field + ": ") + message + (got == null ? "" : " (got " + Values.show(got) + ")");
        }
    }

    /** The outcome of validation: {@code action: deny} violations deny, {@code action: warn} ones only warn. */
    public record Verdict(List<Violation> denials, List<Violation> warnings) {
        public Verdict {
            denials = List.copyOf(denials);
            warnings = List.copyOf(warnings);
        }

        public boolean allowed() {
            return denials.isEmpty();
        }

        /** The denials, one clause each, joined by "; " (empty when allowed). */
        public String message() {
            return denials.stream().map(Violation::describe).collect(Collectors.joining("; "));
        }
    }

    /** One field a mutation rule set: {@code before} is null when the field was absent. */
    public record Change(String field, Object before, Object after, boolean override) {
    }

    /**
     * The outcome of mutation.
     *
     * @param object    the mutated copy (the input is never modified); rules that failed are left out of it
     * @param changes   what each applied rule changed
     * @param errors    rules that could not be applied, one line each with the rule's location
     * @param jsonPatch the RFC 6902 operations turning the input into {@code object}
     */
    public record Mutated(Map<String, Object> object, List<Change> changes, List<String> errors,
                          List<Map<String, Object>> jsonPatch) {
        public Mutated {
            changes = List.copyOf(changes);
            errors = List.copyOf(errors);
            jsonPatch = List.copyOf(jsonPatch);
        }

        public boolean changed() {
            return !changes.isEmpty();
        }

        public boolean failed() {
            return !errors.isEmpty();
        }
    }

    private record MutationRule(Mutation.Rule rule, FieldPath path, Template pathTemplate, String pathError) {
    }

    private static final class SharedEngine {
        static final TemplateEngine ENGINE = new TemplateEngine();
    }

    private final CrdEntry entry;
    private final List<MutationRule> mutations;

    private Admission(CrdEntry entry, TemplateEngine engine) {
        this.entry = entry;
        List<MutationRule> m = new ArrayList<>();
        for (Mutation.Rule r : entry.mutation().rules()) {
            m.add(compile(r, engine));
        }
        this.mutations = List.copyOf(m);
    }

    /** The rules of one entry (field templates are compiled now, once). */
    public static Admission of(CrdEntry entry) {
        return new Admission(entry, SharedEngine.ENGINE);
    }

    /** Same, compiling field templates with the given engine (the Katalog loader's, to share its cache). */
    public static Admission of(CrdEntry entry, TemplateEngine engine) {
        return new Admission(entry, engine);
    }

    private static MutationRule compile(Mutation.Rule r, TemplateEngine engine) {
        String field = r.field();
        try {
            if (TemplateEngine.isTemplate(field)) {
                return new MutationRule(r, null, engine.compile(field), null);
            }
            return new MutationRule(r, FieldPath.parse(field), null, null);
        } catch (Exception e) {
            return new MutationRule(r, null, null, Json.oneLine(e.getMessage()));
        }
    }

    public CrdEntry entry() {
        return entry;
    }

    public boolean hasValidation() {
        return !entry.validation().rules().isEmpty();
    }

    public boolean hasMutation() {
        return !mutations.isEmpty();
    }

    /** {@code mutation.mutateFirst}: at reconcile, mutate before validating. */
    public boolean mutateFirst() {
        return entry.mutation().mutateFirst();
    }

    /** Whether {@code webhooks.operations} (default CREATE, UPDATE) includes the operation. */
    public boolean intercepts(String operation) {
        return entry.webhooks().operations().stream().anyMatch(o -> o.equalsIgnoreCase(operation));
    }

    /**
     * Why a custom resource may not live in a namespace: it matches {@code restrictedNamespaces}, or
     * {@code allowedNamespaces} is set and it matches none. Patterns may start or end with {@code *}. Empty for
     * allowed namespaces and for cluster-scoped objects (namespace null or empty).
     */
    public Optional<String> namespaceDenial(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return Optional.empty();
        }
        for (String pattern : entry.restrictedNamespaces()) {
            if (matches(pattern, namespace)) {
                return Optional.of("namespace " + namespace + " is restricted for " + entry.apiTypes().kind()
                        + (pattern.equals(namespace) ? "" : " (restrictedNamespaces: " + pattern + ")"));
            }
        }
        if (!entry.allowedNamespaces().isEmpty() && entry.allowedNamespaces().stream().noneMatch(p -> matches(p, namespace))) {
            return Optional.of("namespace " + namespace + " is not allowed for " + entry.apiTypes().kind()
                    + " (allowedNamespaces: " + String.join(", ", entry.allowedNamespaces()) + ")");
        }
        return Optional.empty();
    }

    static boolean matches(String pattern, String namespace) {
        String p = pattern.strip();
        if (p.equals("*")) {
            return true;
        }
        if (p.length() > 1 && p.startsWith("*") && p.endsWith("*")) {
            return namespace.contains(p.substring(1, p.length() - 1));
        }
        if (p.startsWith("*")) {
            return namespace.endsWith(p.substring(1));
        }
        if (p.endsWith("*")) {
            return namespace.startsWith(p.substring(0, p.length() - 1));
        }
        return p.equals(namespace);
    }

    /** Checks the validation rules against an object. */
    public Verdict validate(Map<String, ?> object, Phase phase) {
        List<Violation> denials = new ArrayList<>();
        List<Violation> warnings = new ArrayList<>();
        Map<String, Object> data = TemplateData.of(object);
        for (Validation.Rule rule : entry.validation().rules()) {
            if (phase == Phase.RECONCILE && !rule.firesOnReconcile()) {
                continue;
            }
            Violation v = check(rule, object, data);
            if (v != null) {
                (rule.deny() ? denials : warnings).add(v);
            }
        }
        return new Verdict(denials, warnings);
    }

    private static Violation check(Validation.Rule rule, Map<String, ?> object, Map<String, Object> data) {
        Condition c = rule.check();
        String field = fieldText(c.field());
        String failure;
        try {
            if (!rule.conditions().test(data) || c.test(data)) {
                return null;
            }
            failure = null;
        } catch (RenderException e) {
            failure = e.detail();
        } catch (RuntimeException e) {
            failure = Json.oneLine(String.valueOf(e.getMessage()));
        }
        Object got = got(c.field(), object, data);
        if (got == null) {
            failure = null; // an absent field breaks the rule plainly (gt, prefix... on nothing)
        }
        String message;
        try {
            message = String.valueOf(rule.message().render(data));
        } catch (RenderException e) {
            message = "validation failed (the rule's message did not render: " + e.detail() + ")";
        }
        if (failure != null) {
            message = message + " (the rule at " + rule.location() + " could not be evaluated: " + failure + ")";
        }
        return new Violation(field, Json.oneLine(message), got, rule.location());
    }

    private static String fieldText(ValueTemplate field) {
        if (field instanceof ValueTemplate.Literal lit) {
            return lit.value() == null ? "" : String.valueOf(lit.value());
        }
        if (field instanceof ValueTemplate.Text t) {
            return t.template().source();
        }
        return "";
    }

    private static Object got(ValueTemplate field, Map<String, ?> object, Map<String, Object> data) {
        try {
            if (field instanceof ValueTemplate.Literal lit && lit.value() instanceof String p) {
                return FieldPath.parse(p).get(object);
            }
            return field == null ? null : field.render(data);
        } catch (Exception e) {
            return null;
        }
    }

    /** Applies the mutation rules to a copy of the object. */
    public Mutated mutate(Map<String, ?> object, Phase phase) {
        Map<String, Object> out = Json.copyObject(object);
        List<Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (MutationRule m : mutations) {
            Mutation.Rule rule = m.rule();
            if (phase == Phase.RECONCILE && !rule.firesOnReconcile()) {
                continue;
            }
            try {
                Change change = apply(m, out);
                if (change != null) {
                    changes.add(change);
                }
            } catch (RenderException e) {
                errors.add(rule.field() + ": " + e.detail() + " (" + rule.location() + ")");
            } catch (RuntimeException e) {
                errors.add(rule.field() + ": " + Json.oneLine(String.valueOf(e.getMessage())) + " (" + rule.location() + ")");
            }
        }
        return new Mutated(out, changes, errors, Diff.jsonPatch(object, out));
    }

    private static Change apply(MutationRule m, Map<String, Object> object) throws RenderException {
        Mutation.Rule rule = m.rule();
        Map<String, Object> data = TemplateData.of(object);
        if (!rule.conditions().test(data)) {
            return null;
        }
        FieldPath path = path(m, data);
        Object before = path.get(object);
        boolean override = rule.override().isPresent();
        if (!override && !Values.isEmpty(before)) {
            return null;
        }
        ValueTemplate source = override ? rule.override().get() : rule.defaultValue().orElseThrow();
        Object rendered = source.render(data);
        if (rendered == null) {
            return null; // nothing to set
        }
        Object value = Values.cast(Json.copy(rendered), rule.valueType());
        if (path.exists(object) && Json.same(value, before)) {
            return null;
        }
        path.set(object, value);
        return new Change(path.toString(), before, value, override);
    }

    private static FieldPath path(MutationRule m, Map<String, Object> data) {
        if (m.pathError() != null) {
            throw new IllegalArgumentException("invalid field: " + m.pathError());
        }
        if (m.path() != null) {
            return m.path();
        }
        String rendered;
        try {
            rendered = m.pathTemplate().render(data);
        } catch (Exception e) {
            throw new IllegalArgumentException("the field template failed: " + Json.oneLine(e.getMessage()));
        }
        return FieldPath.parse(rendered);
    }

    @Override
    public String toString() {
        return "Admission[" + entry.name() + ": " + entry.validation().rules().size() + " validation, " + mutations.size()
                + " mutation rules, operations " + entry.webhooks().operations().stream().map(o -> o.toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(",")) + "]";
    }
}
