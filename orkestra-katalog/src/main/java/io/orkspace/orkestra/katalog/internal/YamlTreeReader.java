package io.orkspace.orkestra.katalog.internal;

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
import java.util.List;

/**
 * Reads YAML into a {@link Node} tree that remembers the file, line and column of every key and value.
 * Jackson's streaming YAML parser gives the positions; its tree model would drop them.
 */
public final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlTreeReader() {
    }

    /** Parses one YAML document. Syntax errors and duplicate keys are reported together as problems. */
    public static Node read(String yaml, Path file) throws KatalogException {
        List<Problem> problems = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new KatalogException(new Problem(new Location(file, 1, 1), "", "the file is empty"));
            }
            Node root = readValue(parser, file, "", problems);
            if (!problems.isEmpty()) {
                throw new KatalogException(problems);
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                String context = y.getContext() == null ? "" : " (" + y.getContext() + " that starts at line "
                        + (y.getContextMark() == null ? "?" : y.getContextMark().getLine() + 1) + ")";
                problems.add(new Problem(new Location(file, y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1), "",
                        "invalid YAML: " + y.getProblem() + context + "; check the indentation"));
                throw new KatalogException(problems);
            }
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            int cut = message.indexOf("\n at [Source");
            message = cut > 0 ? message.substring(0, cut) : message;
            problems.add(new Problem(location(file, at), "", "invalid YAML: " + message.replace('\n', ' ').trim()));
            throw new KatalogException(problems);
        } catch (IOException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "cannot read: " + e.getMessage()));
        }
    }

    private static Node readValue(JsonParser p, Path file, String path, List<Problem> problems) throws IOException {
        Location at = location(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Node.MapNode map = new Node.MapNode(at, path);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyAt = location(file, p.currentTokenLocation());
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Node value = readValue(p, file, childPath, problems);
                    if (map.entries().containsKey(key)) {
                        problems.add(new Problem(keyAt, childPath, "duplicate key \"" + key + "\" (first written at line "
                                + map.keyLocation(key).line() + ")"));
                    } else {
                        map.put(key, keyAt, value);
                    }
                }
                return map;
            }
            case START_ARRAY: {
                Node.ListNode list = new Node.ListNode(at, path);
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.items().add(readValue(p, file, path + "[" + i++ + "]", problems));
                }
                return list;
            }
            case VALUE_STRING:
                return new Node.ScalarNode(at, path, p.getText());
            case VALUE_NUMBER_INT:
                return new Node.ScalarNode(at, path, switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                });
            case VALUE_NUMBER_FLOAT:
                return new Node.ScalarNode(at, path, p.getDoubleValue());
            case VALUE_TRUE:
                return new Node.ScalarNode(at, path, Boolean.TRUE);
            case VALUE_FALSE:
                return new Node.ScalarNode(at, path, Boolean.FALSE);
            case VALUE_NULL:
                return new Node.ScalarNode(at, path, null);
            default:
                return new Node.ScalarNode(at, path, p.getText());
        }
    }

    private static Location location(Path file, JsonLocation at) {
        if (at == null) {
            return new Location(file, 0, 0);
        }
        return new Location(file, at.getLineNr(), at.getColumnNr());
    }
}
