package io.orkspace.orkestra.katalog.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests: every case of {@code templates/cases.txt} rendered against {@code templates/data.yaml}, compared with
 * the expectation written next to it; and a check that every template function has at least one case.
 */
class TemplateGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/templates");
    private static final String ARROW = "\t=>\t";
    private static final Set<String> NONDETERMINISTIC = Set.of("now", "uuidv4", "randAlphaNum");

    private final TemplateEngine engine = new TemplateEngine();

    @Test
    void everyCaseRendersAsItsGolden() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> cr = new ObjectMapper(new YAMLFactory()).readValue(DIR.resolve("data.yaml").toFile(), Map.class);
        Map<String, Object> data = TemplateData.of(cr);
        List<String> lines = Files.readAllLines(DIR.resolve("cases.txt"));
        List<String> updated = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (String line : lines) {
            int arrow = line.indexOf(ARROW);
            if (line.startsWith("#") || line.isBlank() || arrow < 0) {
                updated.add(line);
                continue;
            }
            String template = line.substring(0, arrow); // as written: Go string literals do their own escapes
            String expected = line.substring(arrow + ARROW.length());
            String actual = escape(outcome(template, data));
            updated.add(line.substring(0, arrow) + ARROW + actual);
            if (!actual.equals(expected)) {
                mismatches.add(line.substring(0, arrow) + "\n    expected: " + expected + "\n    actual:   " + actual);
            }
        }
        if (Boolean.getBoolean("orkestra.golden.update")) {
            Files.write(DIR.resolve("cases.txt"), updated);
            return;
        }
        assertThat(mismatches).as("template cases that differ from their golden").isEmpty();
    }

    @Test
    void everyFunctionHasAGoldenCase() throws IOException {
        String cases = Files.readString(DIR.resolve("cases.txt"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("[({|]\\s*([a-zA-Z][a-zA-Z0-9]*)").matcher(cases);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> missing = new TreeSet<>(Functions.all().keySet());
        missing.removeAll(used);
        missing.removeAll(NONDETERMINISTIC);
        assertThat(missing).as("functions without a golden case in cases.txt").isEmpty();
    }

    private String outcome(String template, Map<String, Object> data) {
        Template t;
        try {
            t = engine.compile(template);
        } catch (TemplateSyntaxException e) {
            return "SYNTAX: " + e.getMessage();
        }
        try {
            return t.render(data);
        } catch (TemplateRenderException e) {
            return "ERROR: " + e.getMessage();
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
