package io.orkspace.orkestra.launcher;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.HookRef;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.Observe;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.registry.KindHandler;
import io.orkspace.orkestra.registry.KindHandlers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The least-privilege RBAC rules an engine needs to run a Katalog: exactly the kinds and verbs it reads and writes.
 *
 * <ul>
 *   <li>each CRD entry's kind: watch it, patch it (finalizers), its {@code /status} (not for a built-in kind such as
 *       ConfigMap, whose status the engine never writes) and {@code /finalizers};</li>
 *   <li>each child kind the entries declare (and the hooks' {@code managedResources}): watch and apply, delete;</li>
 *   <li>each kind {@code observe.watch} names, and {@code events.k8s.io} Events when {@code observe.events} is set: read;</li>
 *   <li>Events (record, count repeats), Leases (leader election), CRDs (read; patch when conversion updates them);</li>
 *   <li>webhook configurations when a CRD entry has validation or mutation rules.</li>
 * </ul>
 */
final class RbacRules {

    /** One PolicyRule: API group, resources, verbs. */
    record Rule(String group, Set<String> resources, Set<String> verbs) {
        boolean allows(String resource, String verb) {
            return resources.contains(resource) && (verbs.contains(verb) || verbs.contains("*"));
        }
    }

    static final Set<String> READ = Set.of("get", "list", "watch");
    static final Set<String> OWN = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    private RbacRules() {
    }

    static List<Rule> of(Katalog katalog) {
        KindHandlers handlers = KindHandlers.builtIn();
        Map<String, Map<String, Set<String>>> byGroup = new LinkedHashMap<>();
        boolean admission = false;
        boolean conversion = false;
        for (CrdEntry crd : katalog.enabledCrds()) {
            String group = crd.apiTypes().group();
            String plural = crd.apiTypes().plural();
            add(byGroup, group, plural, Set.of("get", "list", "watch", "patch", "update"));
            if (!crd.apiTypes().builtIn()) { // a ConfigMap or Deployment entry writes no status
                add(byGroup, group, plural + "/status", Set.of("get", "patch", "update"));
            }
            add(byGroup, group, plural + "/finalizers", Set.of("update"));
            for (Observe.Watch w : crd.operatorBox().observe().watch()) {
                add(byGroup, groupOf(w.apiVersion()), pluralOf(handlers, w.apiVersion(), w.kind()), READ);
            }
            if (!crd.operatorBox().observe().events().isEmpty()) {
                add(byGroup, "events.k8s.io", "events", READ);
            }
            List<ResourceEntry> entries = new ArrayList<>(crd.operatorBox().onCreate().entries());
            entries.addAll(crd.operatorBox().onReconcile().entries());
            entries.addAll(crd.operatorBox().onDelete().allEntries());
            for (ResourceEntry e : entries) {
                handlers.kindOf(e).ifPresent(k -> add(byGroup, k.group(),
                        k.custom() ? customPlural(katalog, handlers, k.apiVersion(), k.kind()) : k.plural(), OWN));
            }
            for (HookRef ref : hooks(crd)) {
                for (HookRef.ManagedResource m : ref.managedResources()) {
                    add(byGroup, groupOf(m.apiVersion()), pluralOf(handlers, m.apiVersion(), m.kind()), OWN);
                }
            }
            admission |= !crd.validation().rules().isEmpty() || !crd.mutation().rules().isEmpty();
            conversion |= crd.conversion().map(c -> c.updateCRD()).orElse(false);
        }
        add(byGroup, "", "events", Set.of("get", "list", "watch", "create", "patch", "update"));
        add(byGroup, "coordination.k8s.io", "leases", Set.of("get", "create", "update"));
        add(byGroup, "apiextensions.k8s.io", "customresourcedefinitions", conversion ? Set.of("get", "list", "watch", "patch") : READ);
        if (admission) {
            add(byGroup, "admissionregistration.k8s.io", "validatingwebhookconfigurations", OWN);
            add(byGroup, "admissionregistration.k8s.io", "mutatingwebhookconfigurations", OWN);
        }
        List<Rule> rules = new ArrayList<>();
        byGroup.forEach((group, resources) -> {
            // one rule per group and verb set, so the output stays short and readable
            Map<Set<String>, Set<String>> byVerbs = new LinkedHashMap<>();
            resources.forEach((resource, verbs) -> byVerbs.computeIfAbsent(new TreeSet<>(verbs), k -> new TreeSet<>()).add(resource));
            byVerbs.forEach((verbs, res) -> rules.add(new Rule(group, res, verbs)));
        });
        return rules;
    }

    private static List<HookRef> hooks(CrdEntry crd) {
        List<HookRef> out = new ArrayList<>();
        crd.operatorBox().reconciler().hooks().ifPresent(out::add);
        crd.operatorBox().reconciler().constructor().ifPresent(out::add);
        return out;
    }

    private static void add(Map<String, Map<String, Set<String>>> byGroup, String group, String resource, Set<String> verbs) {
        byGroup.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(resource, r -> new LinkedHashSet<>()).addAll(verbs);
    }

    static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * The plural of a custom entry's kind: the Katalog's own when one of its CRD entries defines that kind (a CR that
     * creates another CR of the same Katalog), else as {@link #pluralOf} guesses it. Offline, nothing better is known:
     * a CRD with an irregular plural needs its rule adjusted by hand.
     */
    static String customPlural(Katalog katalog, KindHandlers handlers, String apiVersion, String kind) {
        for (CrdEntry crd : katalog.crds().values()) {
            if (crd.apiTypes().kind().equals(kind) && crd.apiTypes().group().equals(groupOf(apiVersion))) {
                return crd.apiTypes().plural();
            }
        }
        return pluralOf(handlers, apiVersion, kind);
    }

    /** The plural of a kind: from the kind handlers or the built-in kinds when we know it, else the API server's usual rule. */
    static String pluralOf(KindHandlers handlers, String apiVersion, String kind) {
        for (KindHandler h : handlers.all()) {
            if (h.kind().equals(kind) && h.apiVersion().equals(apiVersion)) {
                return h.plural();
            }
        }
        var builtIn = io.orkspace.orkestra.katalog.internal.BuiltInKinds.find(groupOf(apiVersion), kind);
        if (builtIn.isPresent()) {
            return builtIn.get().plural();
        }
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
            return lower + "es";
        }
        if (lower.endsWith("y") && lower.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }
}
