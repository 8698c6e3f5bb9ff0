package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Suggestions;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Dependency;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code dependsOn}: every name must be a CRD entry of the Katalog, and the graph must have no cycle. */
final class DependencyCheck {

    private final NodeReader r;

    DependencyCheck(NodeReader r) {
        this.r = r;
    }

    void check(Node.MapNode crdMap, Map<String, CrdEntry> crds) {
        for (CrdEntry e : crds.values()) {
            for (Dependency d : e.dependsOn()) {
                if (!crds.containsKey(d.crd())) {
                    String hint = Suggestions.closest(d.crd(), crds.keySet());
                    r.problems().add(new Problem(d.location(), crdMap.path() + "." + e.name() + ".dependsOn",
                            "\"" + d.crd() + "\" is not a CRD entry of this Katalog"
                                    + (hint == null ? "" : " (did you mean \"" + hint + "\"?)")));
                } else if (d.crd().equals(e.name())) {
                    r.problems().add(new Problem(d.location(), crdMap.path() + "." + e.name() + ".dependsOn",
                            "a CRD entry cannot depend on itself"));
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (String start : crds.keySet()) {
            List<String> cycle = findCycle(start, crds, new ArrayList<>(), done);
            if (cycle != null) {
                CrdEntry first = crds.get(cycle.get(0));
                Location at = first.dependsOn().isEmpty() ? first.location() : first.dependsOn().get(0).location();
                r.problems().add(new Problem(at, crdMap.path() + "." + cycle.get(0) + ".dependsOn",
                        "dependsOn cycle: " + String.join(" -> ", cycle)));
                return; // one cycle report is enough; fixing it changes the rest
            }
        }
    }

    private List<String> findCycle(String node, Map<String, CrdEntry> crds, List<String> stack, Set<String> done) {
        int at = stack.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node) || !crds.containsKey(node)) {
            return null;
        }
        stack.add(node);
        for (Dependency d : crds.get(node).dependsOn()) {
            if (!d.crd().equals(node)) {
                List<String> c = findCycle(d.crd(), crds, stack, done);
                if (c != null) {
                    return c;
                }
            }
        }
        stack.remove(stack.size() - 1);
        done.add(node);
        return null;
    }
}
