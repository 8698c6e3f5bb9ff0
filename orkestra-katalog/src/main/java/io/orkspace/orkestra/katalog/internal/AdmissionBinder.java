package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Condition;
import io.orkspace.orkestra.katalog.Conversion;
import io.orkspace.orkestra.katalog.Mutation;
import io.orkspace.orkestra.katalog.Validation;
import io.orkspace.orkestra.katalog.ValueTemplate;
import io.orkspace.orkestra.katalog.Webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Binds the CRD-level {@code conversion}, {@code validation}, {@code mutation} and {@code webhooks} blocks. */
final class AdmissionBinder {

    private final NodeReader r;
    private final ConditionReader conditions;

    AdmissionBinder(NodeReader r, ConditionReader conditions) {
        this.r = r;
        this.conditions = conditions;
    }

    Optional<Conversion> conversion(Node.MapNode m) {
        if (m == null) {
            return Optional.empty();
        }
        List<Conversion.VersionPath> paths = new ArrayList<>();
        for (Node n : NodeReader.list(m, "paths")) {
            if (n instanceof Node.MapNode p) {
                ValueTemplate spec = r.compile(p, "spec");
                paths.add(new Conversion.VersionPath(NodeReader.str(p, "from", ""), NodeReader.str(p, "to", ""),
                        spec == null ? ValueTemplate.literal(null) : spec, p.location()));
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).from().equals(paths.get(j).from()) && paths.get(i).to().equals(paths.get(j).to())) {
                    r.problem(NodeReader.list(m, "paths").get(j), "a second path from " + paths.get(j).from() + " to " + paths.get(j).to());
                }
            }
        }
        return Optional.of(new Conversion(NodeReader.str(m, "storageVersion", ""), NodeReader.bool(m, "updateCRD", false),
                NodeReader.bool(m, "participant", false), paths, NodeReader.strings(m, "acknowledgeLoss")));
    }

    Validation validation(Node.MapNode m) {
        if (m == null) {
            return Validation.NONE;
        }
        List<Validation.Rule> rules = new ArrayList<>();
        for (Node n : NodeReader.list(m, "rules")) {
            if (n instanceof Node.MapNode rule) {
                Condition check = conditions.condition(rule);
                if (check == null) {
                    continue;
                }
                ValueTemplate message = r.compile(rule, "message");
                rules.add(new Validation.Rule(check, message == null ? ValueTemplate.literal("validation failed") : message,
                        !"warn".equals(NodeReader.str(rule, "action", "deny")), conditions.conditions(rule),
                        NodeReader.bool(NodeReader.map(rule, "fires"), "reconcile", true), rule.location()));
            }
        }
        return new Validation(rules);
    }

    Mutation mutation(Node.MapNode m) {
        if (m == null) {
            return Mutation.NONE;
        }
        List<Mutation.Rule> rules = new ArrayList<>();
        for (Node n : NodeReader.list(m, "rules")) {
            if (!(n instanceof Node.MapNode rule)) {
                continue;
            }
            Optional<ValueTemplate> def = Optional.ofNullable(r.compile(rule, "default"));
            Optional<ValueTemplate> override = Optional.ofNullable(r.compile(rule, "override"));
            if (def.isPresent() == override.isPresent()) {
                r.problem(rule, "a mutation rule sets exactly one of \"default\" or \"override\"");
                continue;
            }
            rules.add(new Mutation.Rule(NodeReader.str(rule, "field", ""), def, override, NodeReader.str(rule, "valueType", null),
                    conditions.conditions(rule), NodeReader.bool(NodeReader.map(rule, "fires"), "reconcile", true), rule.location()));
        }
        return new Mutation(NodeReader.bool(m, "mutateFirst", false), rules);
    }

    Webhooks webhooks(Node.MapNode m) {
        if (m == null) {
            return Webhooks.DEFAULTS;
        }
        Object v = NodeReader.scalar(m, "validation");
        Object mu = NodeReader.scalar(m, "mutation");
        List<String> ops = NodeReader.strings(m, "operations");
        return new Webhooks(Optional.ofNullable(v == null ? null : NodeReader.bool(m, "validation", true)),
                Optional.ofNullable(mu == null ? null : NodeReader.bool(m, "mutation", true)),
                ops.isEmpty() ? Webhooks.DEFAULTS.operations() : ops, Optional.ofNullable(NodeReader.str(m, "failurePolicy", null)));
    }
}
