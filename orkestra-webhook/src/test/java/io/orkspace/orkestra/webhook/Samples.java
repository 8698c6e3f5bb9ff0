package io.orkspace.orkestra.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Shared Katalogs and CRs for the tests. */
final class Samples {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");
    static final Path VERSIONS = SHARED.resolve("website-versions");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    static Katalog katalog(Path file) {
        try {
            return KatalogLoader.create().load(file);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static Katalog katalog(String yaml) {
        try {
            return KatalogLoader.create().parse(yaml, null);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try {
            return YAML.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(byte[] body) {
        try {
            return JSON.readValue(body, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
