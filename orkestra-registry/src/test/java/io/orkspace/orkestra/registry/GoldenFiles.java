package io.orkspace.orkestra.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected outputs kept as files under {@code src/test/resources/golden/}. Run the tests with
 * {@code -Dorkestra.golden.update=true} to (re)write them from the current output, then review the diff.
 */
final class GoldenFiles {

    static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private GoldenFiles() {
    }

    static boolean updating() {
        return Boolean.getBoolean("orkestra.golden.update");
    }

    /** Asserts that {@code actual} equals the golden file {@code relative} (or rewrites it when updating). */
    static void assertMatches(Path relative, String actual) throws IOException {
        Path file = ROOT.resolve(relative);
        if (updating()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s (create it with -Dorkestra.golden.update=true)", file).exists();
        assertThat(actual).as("output against golden file %s", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
