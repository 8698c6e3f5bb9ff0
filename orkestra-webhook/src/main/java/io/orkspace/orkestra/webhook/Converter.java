package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Conversion;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.katalog.ValueTemplate;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.webhook.internal.Json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts custom resources between the versions of one CRD, as a CRD entry's {@code conversion} block declares.
 * Pure: no network, no state; safe to share between threads.
 *
 * <ul>
 *   <li>Each path's {@code spec} is a template tree rendered against the whole source object (as {@code .spec},
 *       {@code .metadata}, {@code .Spec}...); the result replaces {@code spec}. A field whose template renders to
 *       nothing (null or the empty string) is left out, so fields absent from the template are dropped.</li>
 *   <li>{@code metadata}, {@code status} and every other top-level field are carried over; {@code apiVersion} is set
 *       to the target.</li>
 *   <li>With no direct path, the shortest chain of declared paths is used (v1alpha1 → v1beta1 → v1).</li>
 * </ul>
 *
 * <pre>{@code
 * Converter c = Converter.of(katalog.crd("website-v1").orElseThrow()).orElseThrow();
 * Map<String, Object> v1 = c.convert(v1alpha1Object, "demo.orkestra.io/v1");
 * }</pre>
 */
public final class Converter {

    private final String entry;
    private final String group;
    private final String kind;
    private final Conversion conversion;
    private final Map<String, Map<String, Conversion.VersionPath>> edges;
    private final Set<String> versions;

    private Converter(CrdEntry entry, Conversion conversion) {
        this.entry = entry.name();
        this.group = entry.apiTypes().group() == null ? "" : entry.apiTypes().group();
        this.kind = entry.apiTypes().kind();
        this.conversion = conversion;
        Map<String, Map<String, Conversion.VersionPath>> e = new HashMap<>();
        Set<String> v = new LinkedHashSet<>();
        if (!conversion.storageVersion().isEmpty()) {
            v.add(conversion.storageVersion());
        }
        v.add(entry.apiTypes().version());
        for (Conversion.VersionPath p : conversion.paths()) {
            e.computeIfAbsent(p.from(), k -> new LinkedHashMap<>()).putIfAbsent(p.to(), p);
            v.add(p.from());
            v.add(p.to());
        }
        v.remove("");
        this.edges = e;
        this.versions = Collections.unmodifiableSet(v);
    }

    /** The converter of an entry with a {@code conversion} block; empty for entries without one. */
    public static Optional<Converter> of(CrdEntry entry) {
        return entry.conversion().map(c -> new Converter(entry, c));
    }

    /** The CRD entry whose {@code conversion} block this is. */
    public String entryName() {
        return entry;
    }

    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    /** The conversion block. */
    public Conversion conversion() {
        return conversion;
    }

    /** Every version this converter knows: the storage version, the entry's version and each path's ends. */
    public Set<String> versions() {
        return versions;
    }

    /**
     * The versions a conversion from {@code from} to {@code to} goes through, both included ({@code [v1alpha1, v1]} for
     * a direct path); empty when no chain of declared paths connects them. Breadth-first, so the shortest chain wins;
     * among chains of equal length, the paths written first win.
     */
    public Optional<List<String>> route(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(List.of(from));
        }
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(from);
        previous.put(from, null);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String next : edges.getOrDefault(v, Map.of()).keySet()) {
                if (previous.containsKey(next)) {
                    continue;
                }
                previous.put(next, v);
                if (next.equals(to)) {
                    List<String> route = new ArrayList<>();
                    for (String at = to; at != null; at = previous.get(at)) {
                        route.add(0, at);
                    }
                    return Optional.of(route);
                }
                queue.add(next);
            }
        }
        return Optional.empty();
    }

    /**
     * Converts one object to {@code desiredApiVersion} ({@code group/version}, or just the version). Returns a new
     * object; the input is not modified.
     */
    public Map<String, Object> convert(Map<String, ?> object, String desiredApiVersion) throws ConversionException {
        return convert(object, desiredApiVersion, true);
    }

    /**
     * Same, without the deep copy of {@code object} when {@code copy} is false: the result then shares the parts a
     * path carries over (metadata, status) with the input, and an object already in the target version is returned
     * itself. For a caller that owns the input and drops it (the review handler, on a freshly parsed body: the copy
     * was a tenth of the server's time on {@code /convert}).
     */
    Map<String, Object> convert(Map<String, ?> object, String desiredApiVersion, boolean copy) throws ConversionException {
        String name = describe(object);
        Object av = object.get("apiVersion");
        if (!(av instanceof String apiVersion) || apiVersion.isBlank()) {
            throw new ConversionException(name + ": the object has no apiVersion");
        }
        String targetGroup = groupOf(desiredApiVersion, group);
        String target = versionOf(desiredApiVersion);
        if (!targetGroup.equals(group)) {
            throw new ConversionException(name + ": cannot convert to " + desiredApiVersion + ": " + entry
                    + " converts " + kind + " in group " + quoteGroup(group));
        }
        String sourceGroup = groupOf(apiVersion, "");
        String source = versionOf(apiVersion);
        if (!sourceGroup.equals(group)) {
            throw new ConversionException(name + ": the object's apiVersion " + apiVersion + " is not in group "
                    + quoteGroup(group));
        }
        Object k = object.get("kind");
        if (k != null && !kind.equals(k)) {
            throw new ConversionException(name + ": the object is a " + k + ", " + entry + " converts " + kind);
        }
        List<String> route = route(source, target).orElseThrow(() -> new ConversionException(name
                + ": no conversion path from " + source + " to " + target + " in " + entry + " (declared: "
                + declared() + "); add one under spec.crds." + entry + ".conversion.paths"));
        @SuppressWarnings("unchecked")
        Map<String, Object> current = copy ? Json.copyObject(object) : (Map<String, Object>) object;
        for (int i = 1; i < route.size(); i++) {
            current = hop(current, edges.get(route.get(i - 1)).get(route.get(i)), name);
        }
        current.put("apiVersion", group.isEmpty() ? target : group + "/" + target);
        return current;
    }

    private Map<String, Object> hop(Map<String, Object> from, Conversion.VersionPath path, String name)
            throws ConversionException {
        Map<String, Object> out = new LinkedHashMap<>(from);
        out.put("apiVersion", group.isEmpty() ? path.to() : group + "/" + path.to());
        ValueTemplate spec = path.spec();
        if (spec instanceof ValueTemplate.Literal lit && lit.value() == null) {
            return out; // a path without spec renames the version only
        }
        Map<String, Object> data = TemplateData.of(from);
        Object rendered;
        try {
            rendered = render(spec, data);
        } catch (RenderException e) {
            throw new ConversionException(name + ": converting " + path.from() + " to " + path.to() + ": "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConversionException(name + ": converting " + path.from() + " to " + path.to() + " ("
                    + path.location() + "): " + Json.oneLine(String.valueOf(e.getMessage())));
        }
        if (rendered == NOTHING) {
            out.remove("spec");
        } else if (rendered instanceof Map) {
            out.put("spec", rendered);
        } else {
            throw new ConversionException(name + ": converting " + path.from() + " to " + path.to() + " ("
                    + path.location() + "): spec must render to an object, got " + Json.typeName(rendered));
        }
        return out;
    }

    /** Marks a template that rendered to nothing: its field is left out. */
    private static final Object NOTHING = new Object();

    private static Object render(ValueTemplate t, Map<String, Object> data) throws RenderException {
        if (t instanceof ValueTemplate.MapValue m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, ValueTemplate> e : m.entries().entrySet()) {
                Object v = render(e.getValue(), data);
                if (v != NOTHING) {
                    out.put(e.getKey(), v);
                }
            }
            return out;
        }
        if (t instanceof ValueTemplate.ListValue l) {
            List<Object> out = new ArrayList<>();
            for (ValueTemplate item : l.items()) {
                Object v = render(item, data);
                if (v != NOTHING) {
                    out.add(v);
                }
            }
            return out;
        }
        if (t instanceof ValueTemplate.Text) {
            Object v = t.render(data);
            return v == null || "".equals(v) ? NOTHING : Json.copy(v);
        }
        return Json.copy(t.render(data));
    }

    private String declared() {
        if (conversion.paths().isEmpty()) {
            return "none";
        }
        return conversion.paths().stream().map(p -> p.from() + " → " + p.to()).collect(Collectors.joining(", "));
    }

    /** {@code namespace/name} (or {@code name}) of an object, for messages. */
    static String describe(Map<String, ?> object) {
        Object meta = object.get("metadata");
        if (meta instanceof Map<?, ?> m) {
            Object n = m.get("name");
            Object ns = m.get("namespace");
            String name = n == null ? (m.get("generateName") == null ? "<unnamed>" : m.get("generateName") + "*") : String.valueOf(n);
            return ns == null || "".equals(ns) ? name : ns + "/" + name;
        }
        return "<unnamed>";
    }

    static String groupOf(String apiVersion, String dflt) {
        int slash = apiVersion.lastIndexOf('/');
        return slash < 0 ? dflt : apiVersion.substring(0, slash);
    }

    static String versionOf(String apiVersion) {
        int slash = apiVersion.lastIndexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    private static String quoteGroup(String g) {
        return g.isEmpty() ? "\"\" (core)" : g;
    }
}
