package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the RBAC kinds share: {@code rules} of Roles and ClusterRoles, {@code roleRef} and {@code subjects} of their
 * bindings.
 */
final class RbacFields {

    static final String API_GROUP = "rbac.authorization.k8s.io";
    private static final Set<String> RULE = Set.of("apiGroups", "resources", "verbs", "resourceNames");
    private static final Set<String> CLUSTER_RULE = Set.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs");
    private static final Set<String> ROLE_REF = Set.of("name", "kind");
    private static final Set<String> SUBJECT = Set.of("kind", "name", "namespace");
    private static final List<String> SUBJECT_KINDS = List.of("ServiceAccount", "User", "Group");

    private RbacFields() {
    }

    /**
     * At least one rule, each with verbs; a rule naming resources but no apiGroups is about the core group
     * ({@code apiGroups: [""]}). {@code nonResourceURLs} only where {@code cluster} (ClusterRoles).
     */
    static List<PolicyRule> rules(EntryFields f, boolean cluster) throws InvalidEntryException {
        List<PolicyRule> out = new ArrayList<>();
        for (EntryFields r : f.objects("rules")) {
            r.allowOnly(cluster ? CLUSTER_RULE : RULE);
            List<String> verbs = r.strings("verbs");
            if (verbs.isEmpty()) {
                throw r.missing("verbs");
            }
            List<String> resources = r.strings("resources");
            List<String> apiGroups = r.declared("apiGroups") ? listOfText(r, "apiGroups") : resources.isEmpty() ? List.of() : List.of("");
            out.add(new PolicyRuleBuilder()
                    .withApiGroups(ChildMetadata.orNull(apiGroups))
                    .withResources(ChildMetadata.orNull(resources))
                    .withVerbs(verbs)
                    .withResourceNames(ChildMetadata.orNull(r.strings("resourceNames")))
                    .withNonResourceURLs(ChildMetadata.orNull(r.strings("nonResourceURLs")))
                    .build());
        }
        if (out.isEmpty()) {
            throw new InvalidEntryException(f.path("rules") + ": at least one rule is required");
        }
        return out;
    }

    /** {@code roleRef}: {@code name} required, {@code kind} one of {@code kinds} (the first is the default). */
    static RoleRef roleRef(EntryFields f, List<String> kinds) throws InvalidEntryException {
        EntryFields r = f.object("roleRef").orElseThrow(() -> f.missing("roleRef"));
        r.allowOnly(ROLE_REF);
        return new RoleRefBuilder()
                .withApiGroup(API_GROUP)
                .withKind(r.choice("kind", kinds).orElse(kinds.get(0)))
                .withName(r.requiredString("name"))
                .build();
    }

    /**
     * At least one subject: {@code kind} ServiceAccount (default), User or Group, {@code name}, and for a
     * ServiceAccount its {@code namespace} ({@code defaultNamespace} when unset, required when that is null).
     */
    static List<Subject> subjects(EntryFields f, String defaultNamespace) throws InvalidEntryException {
        List<Subject> out = new ArrayList<>();
        for (EntryFields s : f.objects("subjects")) {
            s.allowOnly(SUBJECT);
            String kind = s.choice("kind", SUBJECT_KINDS).orElse("ServiceAccount");
            SubjectBuilder b = new SubjectBuilder().withKind(kind).withName(s.requiredString("name"));
            if (kind.equals("ServiceAccount")) {
                String ns = s.string("namespace").orElse(defaultNamespace);
                if (ns == null) {
                    throw s.missing("namespace");
                }
                b.withNamespace(ns);
            } else {
                // the server fills this in for users and groups; set it so the object equals the live one
                b.withApiGroup(API_GROUP).withNamespace(s.string("namespace").orElse(null));
            }
            out.add(b.build());
        }
        if (out.isEmpty()) {
            throw new InvalidEntryException(f.path("subjects") + ": at least one subject is required");
        }
        return out;
    }

    /** A list of strings where "" is meaningful (the core API group). */
    private static List<String> listOfText(EntryFields r, String key) throws InvalidEntryException {
        List<?> items = r.list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof String s)) {
                throw RenderedValue.wrongType(r.path(key) + "[" + i + "]", "a string", item);
            }
            out.add(s);
        }
        return out;
    }
}
