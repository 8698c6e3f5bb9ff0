package io.orkspace.orkestra.katalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalogue of broken Katalogs, one error class each (plus one with many errors): each file's problems, formatted as
 * the CLI prints them, must equal its {@code .expected} file. Run with {@code -Dorkestra.golden.update=true} to rewrite
 * the expectations after a deliberate change of wording, then review the diff.
 */
class BrokenKatalogsTest {

    private static final Path DIR = Path.of("src/test/resources/broken");

    static Stream<Path> brokenKatalogs() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenKatalogs")
    void everyBrokenKatalogIsRejectedWithLocatedMessages(Path file) throws IOException {
        List<Problem> problems = KatalogLoader.create().check(file);
        String actual = problems.stream().map(p -> p.toString().replace(DIR.toAbsolutePath() + "/", "").replace(DIR + "/", "")).collect(Collectors.joining("\n")) + "\n";
        Path expectedFile = Path.of(file.toString().replace(".yaml", ".expected"));
        if (Boolean.getBoolean("orkestra.golden.update")) {
            Files.writeString(expectedFile, actual);
        }
        assertThat(Files.exists(expectedFile)).as("golden file %s", expectedFile).isTrue();
        assertThat(actual).isEqualTo(Files.readString(expectedFile));
        if (!file.getFileName().toString().startsWith("39-")) {
            assertThat(problems).as("a broken Katalog has at least one problem").isNotEmpty();
            assertThat(problems).allSatisfy(p -> assertThat(p.location().line()).isPositive());
        }
    }
}
