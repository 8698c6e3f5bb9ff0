package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KatalogYamlTest {

    @Test
    void stringsThatLookLikeOtherTypesStayStrings() throws Exception {
        String yaml = """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                spec:
                  crds:
                    a:
                      labels: {n: "8", b: "true", y: "yes", z: "null", o: "0x1F", t: "~", e: "", c: "a: b", h: "# no", m: "line1\\nline2"}
                      workers: 8
                """;
        YamlNode.MapNode root = (YamlNode.MapNode) YamlNode.parse(yaml, Path.of("k.yaml"));
        String written = KatalogYaml.write(root, Map.of());
        YamlNode.MapNode again = (YamlNode.MapNode) YamlNode.parse(written, Path.of("w.yaml"));
        assertThat(again.toPlain()).isEqualTo(root.toPlain());
    }

    @Test
    void problemsOnTheGeneratedFileMoveToWhereTheValueWasWritten() throws Exception {
        YamlNode.MapNode root = (YamlNode.MapNode) YamlNode.parse("""
                spec:
                  crds:
                    web:
                      workers: x
                      list: [a, b]
                """, Path.of("komposer.yaml"));
        Path generated = Path.of("/cache/resolved/k.yaml");
        List<Problem> moved = KatalogYaml.relocate(List.of(
                new Problem(new Location(generated, 30, 7), "spec.crds.web.workers", "expected an integer"),
                new Problem(new Location(generated, 31, 7), "spec.crds.web.list[1].deep", "bad"),
                new Problem(new Location(Path.of("include.yaml"), 3, 1), "spec.crds.web.status", "kept")), generated, KatalogYaml.locations(root));
        assertThat(moved).extracting(Problem::toString).containsExactly(
                "komposer.yaml:4:7: spec.crds.web.workers: expected an integer",
                "komposer.yaml:5:17: spec.crds.web.list[1].deep: bad",
                "include.yaml:3:1: spec.crds.web.status: kept");
    }
}
