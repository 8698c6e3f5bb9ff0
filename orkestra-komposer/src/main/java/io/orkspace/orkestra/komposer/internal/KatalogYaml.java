package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.EntrySource;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a merged Katalog tree as YAML, with a comment above each CRD entry naming its source, and maps the loader's
 * problems on that YAML back to the files the values were written in.
 */
public final class KatalogYaml {

    /** Quotes, beyond Jackson's defaults, every string a YAML reader could take for a number (0x1F, .5, +1, 1e3, 0o7). */
    private static final class Quoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            if (super.needToQuoteValue(value)) {
                return true;
            }
            char c = value.isEmpty() ? ' ' : value.charAt(0);
            return Character.isDigit(c) || c == '+' || c == '-' || c == '.';
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new Quoting()).build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private KatalogYaml() {
    }

    /** The tree as YAML; {@code spec.crds} entries get a {@code # <source>} comment line each. */
    public static String write(YamlNode.MapNode root, Map<String, EntrySource> sources) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> top = new LinkedHashMap<>();
        root.entries().forEach((k, v) -> {
            if (!k.equals("spec")) {
                top.put(k, v.toPlain());
            }
        });
        out.append(dump(top));
        out.append("spec:\n  crds:\n");
        YamlNode.MapNode spec = root.map("spec");
        YamlNode.MapNode crds = spec == null ? null : spec.map("crds");
        if (crds == null || crds.entries().isEmpty()) {
            out.setLength(out.length() - 1);
            out.append(" {}\n");
            return out.toString();
        }
        crds.entries().forEach((name, entry) -> {
            EntrySource source = sources.get(name);
            if (source != null) {
                out.append("    # ").append(name).append(": ").append(source.describe().replace('\n', ' ')).append('\n');
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(name, entry.toPlain());
            dump(one).lines().forEach(l -> out.append("    ").append(l).append('\n'));
        });
        return out.toString();
    }

    private static String dump(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Field path ({@code spec.crds.website.workers}) → where it was written, for every node of the tree. */
    public static Map<String, Location> locations(YamlNode.MapNode root) {
        Map<String, Location> out = new HashMap<>();
        walk(root, "", root.location(), out);
        return out;
    }

    private static void walk(YamlNode node, String path, Location at, Map<String, Location> out) {
        out.put(path, at);
        if (node instanceof YamlNode.MapNode m) {
            m.entries().forEach((k, v) -> walk(v, path.isEmpty() ? k : path + "." + k, m.keyLocation(k), out));
        } else if (node instanceof YamlNode.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                YamlNode item = l.items().get(i);
                walk(item, path + "[" + i + "]", item.location(), out);
            }
        }
    }

    /**
     * Problems the loader found in the merged YAML ({@code generated}) point at that file; move each to where the
     * offending value was written (the import's file or the Komposer), by the longest known prefix of its field path.
     */
    public static List<Problem> relocate(List<Problem> problems, Path generated, Map<String, Location> locations) {
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            if (p.location().file() == null || !p.location().file().equals(generated)) {
                out.add(p);
                continue;
            }
            String path = p.path() == null ? "" : p.path();
            Location at = null;
            while (at == null) {
                at = locations.get(path);
                if (at == null) {
                    if (path.isEmpty()) {
                        break;
                    }
                    path = parent(path);
                }
            }
            out.add(new Problem(at == null ? p.location() : at, p.path(), p.message()));
        }
        return out;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
