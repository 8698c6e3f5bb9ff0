package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.internal.ContentStore;
import io.orkspace.orkestra.komposer.internal.Credentials;
import io.orkspace.orkestra.komposer.internal.DockerConfig;
import io.orkspace.orkestra.komposer.internal.Http;
import io.orkspace.orkestra.komposer.internal.OciArtifacts;
import io.orkspace.orkestra.komposer.internal.OciReference;
import io.orkspace.orkestra.komposer.internal.RegistryClient;
import io.orkspace.orkestra.komposer.internal.SourceException;
import io.orkspace.orkestra.komposer.internal.YamlNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a Katalog to an OCI registry as the reference does: one artifact holding {@code katalog.yaml} (the file's
 * bytes, unchanged) and the files it references ({@code crdFile}, {@code crFiles}, {@code setup}, {@code include}),
 * plus the {@code README.md} next to it. Credentials come from the Docker configuration ({@code docker login}).
 *
 * <pre>{@code
 * Published p = KatalogPublisher.create(KomposerOptions.defaults())
 *         .push(Path.of("katalog.yaml"), "oci://registry.example.com/team/website:v1");
 * System.out.println(p.reference() + "@" + p.digest());
 * }</pre>
 */
public final class KatalogPublisher {

    private final KomposerOptions options;
    private final KatalogLoader loader;
    private final Http http;

    private KatalogPublisher(KomposerOptions options, KatalogLoader loader) {
        this.options = options;
        this.loader = loader;
        this.http = new Http(options.timeout());
    }

    public static KatalogPublisher create(KomposerOptions options) {
        return new KatalogPublisher(options, KatalogLoader.create());
    }

    /** Validates the Katalog, then pushes it and its files under {@code reference} ({@code oci://host/repository:tag}). */
    public Published push(Path katalog, String reference) throws KatalogException {
        Path file = katalog.toAbsolutePath().normalize();
        byte[] bytes = read(katalog);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        YamlNode root = YamlNode.parse(text, katalog);
        if (root instanceof YamlNode.MapNode m && "Komposer".equals(m.string("kind"))) {
            throw new KatalogException(new Problem(m.get("kind").location(), "kind",
                    "a Komposer cannot be pushed: push the Katalogs it imports, each on its own"));
        }
        loader.parse(text, katalog);
        List<Problem> problems = new ArrayList<>();
        Map<String, OciArtifacts.Layer> layers = new LinkedHashMap<>();
        layers.put(OciArtifacts.KATALOG_FILE, new OciArtifacts.Layer(OciArtifacts.KATALOG_FILE, "application/vnd.orkestra.katalog.v1+yaml", bytes));
        new ReferencedFiles(file.getParent(), problems).collect((YamlNode.MapNode) root, layers);
        Path readme = file.getParent().resolve("README.md");
        if (Files.isRegularFile(readme) && !layers.containsKey("README.md")) {
            layers.put("README.md", new OciArtifacts.Layer("README.md", "text/markdown", readBytes(readme)));
        }
        if (!problems.isEmpty()) {
            throw new KatalogException(problems);
        }
        Location at = new Location(katalog, 0, 0);
        try {
            OciReference ref = OciReference.parse(reference, null);
            if (ref.tag() == null) {
                throw new SourceException("a push needs a tag (oci://host/repository:tag)");
            }
            Credentials credentials = DockerConfig.lookup(options.dockerConfig(), ref.registry());
            RegistryClient client = new RegistryClient(http, ref.registry(), credentials, options.plainHttpHosts());
            String digest = OciArtifacts.push(ref, List.copyOf(layers.values()), annotations((YamlNode.MapNode) root), client);
            return new Published("oci://" + ref.registry() + "/" + ref.repository() + ":" + ref.tag(), digest, List.copyOf(layers.keySet()));
        } catch (SourceException e) {
            throw new KatalogException(new Problem(at, "", reference + ": " + e.getMessage()));
        }
    }

    private static Map<String, String> annotations(YamlNode.MapNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        YamlNode.MapNode metadata = root.map("metadata");
        if (metadata == null) {
            return out;
        }
        put(out, "org.opencontainers.image.title", metadata.string("name"));
        put(out, "org.opencontainers.image.version", metadata.string("version"));
        put(out, "org.opencontainers.image.description", metadata.string("description"));
        put(out, "org.opencontainers.image.authors", metadata.string("author"));
        put(out, "io.orkestra.pattern.name", metadata.string("name"));
        put(out, "io.orkestra.pattern.version", metadata.string("version"));
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    private static byte[] read(Path file) throws KatalogException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "file not found"));
        } catch (IOException e) {
            throw new KatalogException(new Problem(new Location(file, 0, 0), "", "cannot read: " + e.getMessage()));
        }
    }

    static byte[] readBytes(Path file) throws KatalogException {
        return read(file);
    }
}
