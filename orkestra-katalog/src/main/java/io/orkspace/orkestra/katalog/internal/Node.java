package io.orkspace.orkestra.katalog.internal;

import io.orkspace.orkestra.katalog.Location;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written: the located tree every Katalog check runs on.
 * Mutable only while the loader canonicalises it (aliases, includes); read-only afterwards.
 */
public abstract sealed class Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    private final Location location;
    private String path;

    Node(Location location, String path) {
        this.location = location;
        this.path = path;
    }

    public Location location() {
        return location;
    }

    /** The field path as written, e.g. {@code spec.crds.website.operatorBox.onCreate.deployments[0]}. */
    public String path() {
        return path;
    }

    void path(String path) {
        this.path = path;
    }

    /** A plain Java value: Map, List, String, Integer, Long, Double, Boolean or null. */
    public abstract Object toPlain();

    /** A mapping; keys keep their order and where they were written. */
    public static final class MapNode extends Node {
        private final Map<String, Node> entries = new LinkedHashMap<>();
        private final Map<String, Location> keyLocations = new LinkedHashMap<>();

        public MapNode(Location location, String path) {
            super(location, path);
        }

        public Map<String, Node> entries() {
            return entries;
        }

        public Node get(String key) {
            return entries.get(key);
        }

        public Location keyLocation(String key) {
            return keyLocations.getOrDefault(key, location());
        }

        public void put(String key, Location keyLocation, Node value) {
            entries.put(key, value);
            keyLocations.put(key, keyLocation);
        }

        public Node remove(String key) {
            keyLocations.remove(key);
            return entries.remove(key);
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
    }

    /** A sequence. */
    public static final class ListNode extends Node {
        private final List<Node> items = new ArrayList<>();

        public ListNode(Location location, String path) {
            super(location, path);
        }

        public List<Node> items() {
            return items;
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.toPlain()));
            return out;
        }
    }

    /** A scalar: String, Integer, Long, BigInteger, Double, Boolean or null. */
    public static final class ScalarNode extends Node {
        private final Object value;

        public ScalarNode(Location location, String path, Object value) {
            super(location, path);
            this.value = value;
        }

        public Object value() {
            return value;
        }

        public boolean isNull() {
            return value == null;
        }

        @Override
        public Object toPlain() {
            return value;
        }
    }

    /** A short human description of a node's shape for type errors: {@code a list}, {@code the string "abc"}. */
    public static String describe(Node node) {
        if (node instanceof MapNode) {
            return "a map";
        }
        if (node instanceof ListNode) {
            return "a list";
        }
        Object v = ((ScalarNode) node).value();
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "\"";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        return "the number " + v;
    }
}
