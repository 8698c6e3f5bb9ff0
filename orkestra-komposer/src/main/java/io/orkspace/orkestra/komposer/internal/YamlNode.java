package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written. The Komposer merges these trees, so that every value of the
 * merged Katalog still knows its file, line and column, and the loader's errors can point back at what the user wrote.
 */
public abstract class YamlNode {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Location location;

    YamlNode(Location location) {
        this.location = location;
    }

    public Location location() {
        return location;
    }

    /** Plain Java: LinkedHashMap, ArrayList, String, numbers, Boolean or null. */
    public abstract Object toPlain();

    /** A deep copy (merging never changes a source tree). */
    public abstract YamlNode copy();

    /** A mapping; keys keep their written order and where each key was written. */
    public static final class MapNode extends YamlNode {
        private final Map<String, YamlNode> entries = new LinkedHashMap<>();
        private final Map<String, Location> keyLocations = new LinkedHashMap<>();

        public MapNode(Location location) {
            super(location);
        }

        public Map<String, YamlNode> entries() {
            return entries;
        }

        public YamlNode get(String key) {
            return entries.get(key);
        }

        public Location keyLocation(String key) {
            return keyLocations.getOrDefault(key, location());
        }

        public void put(String key, Location keyLocation, YamlNode value) {
            entries.put(key, value);
            keyLocations.put(key, keyLocation);
        }

        /** The string value under {@code key}, or null when absent or not a string. */
        public String string(String key) {
            return entries.get(key) instanceof ScalarNode s && s.value() instanceof String v ? v : null;
        }

        public MapNode map(String key) {
            return entries.get(key) instanceof MapNode m ? m : null;
        }

        public List<YamlNode> list(String key) {
            return entries.get(key) instanceof ListNode l ? l.items() : List.of();
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }

        @Override
        public MapNode copy() {
            MapNode out = new MapNode(location());
            entries.forEach((k, v) -> out.put(k, keyLocation(k), v.copy()));
            return out;
        }
    }

    /** A sequence. */
    public static final class ListNode extends YamlNode {
        private final List<YamlNode> items = new ArrayList<>();

        public ListNode(Location location) {
            super(location);
        }

        public List<YamlNode> items() {
            return items;
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.toPlain()));
            return out;
        }

        @Override
        public ListNode copy() {
            ListNode out = new ListNode(location());
            items.forEach(i -> out.items.add(i.copy()));
            return out;
        }
    }

    /** A scalar: String, Integer, Long, BigInteger, Double, Boolean or null. */
    public static final class ScalarNode extends YamlNode {
        private final Object value;

        public ScalarNode(Location location, Object value) {
            super(location);
            this.value = value;
        }

        public Object value() {
            return value;
        }

        @Override
        public Object toPlain() {
            return value;
        }

        @Override
        public ScalarNode copy() {
            return new ScalarNode(location(), value);
        }
    }

    /** Parses one YAML document of {@code file}; syntax errors and duplicate keys become located problems. */
    public static YamlNode parse(String yaml, Path file) throws KatalogException {
        List<Problem> problems = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                throw new KatalogException(new Problem(new Location(file, 1, 1), "", "the file is empty"));
            }
            YamlNode root = read(parser, file, "", problems);
            if (!problems.isEmpty()) {
                throw new KatalogException(problems);
            }
            return root;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int cut = message.indexOf("\n at [Source");
            message = (cut > 0 ? message.substring(0, cut) : message).replace('\n', ' ').trim();
            throw new KatalogException(new Problem(location(file, e.getLocation()), "", "invalid YAML: " + message));
        } catch (IOException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "cannot read: " + e.getMessage()));
        }
    }

    private static YamlNode read(JsonParser p, Path file, String path, List<Problem> problems) throws IOException {
        Location at = location(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            MapNode map = new MapNode(at);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Location keyAt = location(file, p.currentTokenLocation());
                p.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                YamlNode value = read(p, file, childPath, problems);
                if (map.entries.containsKey(key)) {
                    problems.add(new Problem(keyAt, childPath, "duplicate key \"" + key + "\" (first written at line "
                            + map.keyLocation(key).line() + ")"));
                } else {
                    map.put(key, keyAt, value);
                }
            }
            return map;
        }
        if (t == JsonToken.START_ARRAY) {
            ListNode list = new ListNode(at);
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.items.add(read(p, file, path + "[" + i++ + "]", problems));
            }
            return list;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            Object n = type == JsonParser.NumberType.INT ? (Object) p.getIntValue()
                    : type == JsonParser.NumberType.LONG ? (Object) p.getLongValue() : p.getBigIntegerValue();
            return new ScalarNode(at, n);
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return new ScalarNode(at, p.getDoubleValue());
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return new ScalarNode(at, t == JsonToken.VALUE_TRUE);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new ScalarNode(at, null);
        }
        return new ScalarNode(at, p.getText());
    }

    private static Location location(Path file, JsonLocation at) {
        return at == null ? new Location(file, 0, 0) : new Location(file, at.getLineNr(), at.getColumnNr());
    }
}
