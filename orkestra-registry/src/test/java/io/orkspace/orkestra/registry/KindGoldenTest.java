package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One case per {@code golden/<kind-key>/<case>.input.yaml}: its {@code fields} (what the renderer hands the handler,
 * values typed as YAML reads them, so {@code "3"} is text and {@code 3} an integer) and optional {@code owner}
 * ({@code website}, the default, a namespaced CR; or {@code tenant}, a cluster-scoped one) are built by the kind's
 * handler, and the object's YAML must equal {@code <case>.yaml}. Each object is also built twice, to show that the same
 * input gives an equal object.
 */
class KindGoldenTest {

    private static final String INPUT = ".input.yaml";

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseBuildsTheExpectedObject() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(GoldenFiles.ROOT)) {
            inputs = files.filter(p -> p.getFileName().toString().endsWith(INPUT)).sorted().toList();
        }
        assertThat(inputs).as("golden inputs under %s", GoldenFiles.ROOT).isNotEmpty();
        return inputs.stream().map(input -> DynamicTest.dynamicTest(GoldenFiles.ROOT.relativize(input).toString(), () -> check(input)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Path input) throws Exception {
        Map<String, Object> doc = Serialization.yamlMapper().readValue(Files.readString(input, StandardCharsets.UTF_8), Map.class);
        String key = input.getParent().getFileName().toString();
        Owner owner = "tenant".equals(doc.get("owner")) ? Entries.TENANT : Entries.WEBSITE;
        Map<String, Object> fields = (Map<String, Object>) doc.get("fields");
        HasMetadata object = Entries.build(key, fields, owner);
        HasMetadata again = Entries.build(key, fields, owner);
        assertThat(again).as("the same input builds an equal object").isEqualTo(object);
        String name = input.getFileName().toString();
        Path expected = GoldenFiles.ROOT.relativize(input.resolveSibling(name.substring(0, name.length() - INPUT.length()) + ".yaml"));
        GoldenFiles.assertMatches(expected, Serialization.asYaml(object));
    }
}
