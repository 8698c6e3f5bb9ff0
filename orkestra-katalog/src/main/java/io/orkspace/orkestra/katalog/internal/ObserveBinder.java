package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Observe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code operatorBox.observe} and checks what the schema cannot: {@code keyFrom} names exactly one of
 * {@code label} and {@code name} (and {@code namespace} only with {@code name}), a watch is declared once, an Event
 * declaration is named in camelCase (it is a template path, {@code .events.<name>}) and matches on something.
 */
final class ObserveBinder {

    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Za-z0-9]*");
    /** The fields of an Event declaration that match or route (an {@code on:} alone selects every Event). */
    private static final List<String> SELECTING = List.of("reason", "action", "type", "reportingController", "reportingInstance",
            "namespace", "name", "regarding", "related", "keyFrom");

    private final NodeReader r;

    ObserveBinder(NodeReader r) {
        this.r = r;
    }

    Observe observe(Node.MapNode observe) {
        if (observe == null) {
            return Observe.NONE;
        }
        List<Observe.Watch> watches = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node n : NodeReader.list(observe, "watch")) {
            if (!(n instanceof Node.MapNode w)) {
                continue;
            }
            Observe.Watch watch = new Observe.Watch(text(w, "apiVersion"), text(w, "kind"), text(w, "namespace"), text(w, "name"),
                    on(w), keyFrom(NodeReader.map(w, "keyFrom")), w.location());
            String identity = watch.apiVersion() + " " + watch.kind() + " " + Optional.ofNullable(watch.namespace()).orElse("*")
                    + "/" + Optional.ofNullable(watch.name()).orElse("*");
            Node first = seen.putIfAbsent(identity, w);
            if (first != null) {
                r.problem(w, "the same watch (" + watch.apiVersion() + " " + watch.kind() + describeSelection(watch)
                        + ") is declared twice (first at line " + first.location().line() + "): keep one");
            } else {
                watches.add(watch);
            }
        }
        Map<String, Observe.EventWatch> events = new LinkedHashMap<>();
        Node.MapNode declared = NodeReader.map(observe, "events");
        if (declared != null) {
            declared.entries().forEach((name, node) -> {
                if (node instanceof Node.MapNode e) {
                    events.put(name, event(name, e, declared));
                }
            });
        }
        return new Observe(watches, events);
    }

    private Observe.EventWatch event(String name, Node.MapNode e, Node.MapNode declared) {
        if (!CAMEL_CASE.matcher(name).matches()) {
            r.problem(e, "Event declaration name \"" + name + "\" must be camelCase (letters and digits, starting with a lower-case"
                    + " letter): it is the template path .events." + name);
        }
        if (SELECTING.stream().noneMatch(k -> e.get(k) != null && !(e.get(k) instanceof Node.ScalarNode s && (s.isNull()
                || "".equals(s.value()))))) {
            r.problem(e, "an Event declaration must match or route on something (reason, type, regarding, keyFrom...):"
                    + " an empty one would react to every Event of the cluster");
        }
        return new Observe.EventWatch(name, text(e, "reason"), text(e, "action"), text(e, "type"), text(e, "reportingController"),
                text(e, "reportingInstance"), text(e, "namespace"), text(e, "name"), on(e),
                objectMatch(NodeReader.map(e, "regarding")), objectMatch(NodeReader.map(e, "related")),
                keyFrom(NodeReader.map(e, "keyFrom")), e.location());
    }

    private Optional<Observe.KeyFrom> keyFrom(Node.MapNode k) {
        if (k == null) {
            return Optional.empty();
        }
        String label = text(k, "label");
        String name = text(k, "name");
        String namespace = text(k, "namespace");
        if ((label == null) == (name == null)) {
            r.problem(k, "keyFrom must set exactly one of \"label\" and \"name\"");
        } else if (label != null && namespace != null) {
            r.problem(k.get("namespace"), "keyFrom.namespace goes with keyFrom.name, not with keyFrom.label"
                    + " (the label's value names the CR; write namespace/name there)");
        }
        return Optional.of(new Observe.KeyFrom(label, name, namespace));
    }

    private static Optional<Observe.ObjectMatch> objectMatch(Node.MapNode m) {
        return m == null ? Optional.empty()
                : Optional.of(new Observe.ObjectMatch(text(m, "apiVersion"), text(m, "kind"), text(m, "name"), text(m, "namespace")));
    }

    private static Set<Observe.On> on(Node.MapNode m) {
        Set<Observe.On> on = EnumSet.noneOf(Observe.On.class);
        for (String s : NodeReader.strings(m, "on")) {
            try {
                on.add(Observe.On.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // the schema's enum check reported it
            }
        }
        return on;
    }

    /** A string field; absent or empty is null (a wildcard). */
    private static String text(Node.MapNode m, String key) {
        String s = NodeReader.str(m, key, null);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String describeSelection(Observe.Watch w) {
        if (w.namespace() == null && w.name() == null) {
            return "";
        }
        return " " + (w.namespace() == null ? "" : w.namespace() + "/") + (w.name() == null ? "*" : w.name());
    }
}
