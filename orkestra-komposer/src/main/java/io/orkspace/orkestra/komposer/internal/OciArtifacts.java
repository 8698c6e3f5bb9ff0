package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Katalog artifacts in an OCI registry, in the reference's format: an OCI image manifest whose {@code artifactType}
 * is {@code application/vnd.orkestra.pattern.v1+tar+gzip}, with the empty config, and one layer per file, named by its
 * {@code org.opencontainers.image.title} annotation ({@code katalog.yaml} first, typed
 * {@code application/vnd.orkestra.katalog.v1+yaml}).
 * <p>
 * Pulled artifacts are unpacked into the cache under their manifest digest. A digest reference never touches the
 * network once cached; a tag is re-resolved online, and offline it resolves to the digest it last pointed at.
 */
public final class OciArtifacts {

    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String ARTIFACT_TYPE = "application/vnd.orkestra.pattern.v1+tar+gzip";
    public static final String MOTIF_TYPE = "application/vnd.orkestra.motif.v1+tar+gzip";
    public static final String EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String KATALOG_FILE = "katalog.yaml";
    static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = MANIFEST + ", " + INDEX + ", application/vnd.docker.distribution.manifest.v2+json;q=0.5";

    private final ContentStore store;
    private final boolean offline;

    public OciArtifacts(ContentStore store, boolean offline) {
        this.store = store;
        this.offline = offline;
    }

    /** A pulled artifact: its manifest digest and the folder its files are in. */
    public record Pulled(String digest, Path dir) {
    }

    public Pulled pull(OciReference ref, RegistryClient client) throws SourceException {
        if (ref.digest() != null) {
            Path cached = store.entry("oci", ref.digest());
            if (Files.isDirectory(cached)) {
                return new Pulled(ref.digest(), cached);
            }
            if (offline) {
                throw new SourceException("not in the cache (offline)");
            }
            return fetch(ref, client.manifest(ref.repository(), ref.digest(), ACCEPT), client);
        }
        Path tagRecord = store.root().resolve("oci").resolve("tags").resolve(ref.registry().replace(':', '_'))
                .resolve(ref.repository()).resolve(ref.tag());
        if (offline) {
            try {
                String digest = Files.readString(tagRecord).trim();
                Path cached = store.entry("oci", digest);
                if (Files.isDirectory(cached)) {
                    return new Pulled(digest, cached);
                }
            } catch (IOException e) {
                // not pulled before
            }
            throw new SourceException("tag " + ref.tag() + " is not in the cache (offline)");
        }
        RegistryClient.Manifest manifest = client.manifest(ref.repository(), ref.tag(), ACCEPT);
        Pulled pulled = fetch(ref, manifest, client);
        try {
            ContentStore.writeAtomically(tagRecord, pulled.digest().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // only offline resolution needs the record
        }
        return pulled;
    }

    private Pulled fetch(OciReference ref, RegistryClient.Manifest manifest, RegistryClient client) throws SourceException {
        Path cached = store.entry("oci", manifest.digest());
        if (Files.isDirectory(cached)) {
            return new Pulled(manifest.digest(), cached);
        }
        JsonNode m;
        try {
            m = JSON.readTree(manifest.body());
        } catch (IOException e) {
            throw new SourceException("the manifest is not JSON");
        }
        String mediaType = m.path("mediaType").asText(manifest.mediaType());
        if (INDEX.equals(mediaType) || mediaType.endsWith("manifest.list.v2+json")) {
            throw new SourceException("is an image index (several platforms), not a Katalog artifact");
        }
        if (!MANIFEST.equals(mediaType)) {
            throw new SourceException("has a manifest of type " + (mediaType.isEmpty() ? "(none)" : mediaType) + ", expected " + MANIFEST);
        }
        String artifactType = m.path("artifactType").asText(m.path("config").path("mediaType").asText(""));
        if (MOTIF_TYPE.equals(artifactType)) {
            throw new SourceException("is a Motif; Motifs are not supported yet");
        }
        if (!ARTIFACT_TYPE.equals(artifactType)) {
            throw new SourceException("is not an Orkestra Katalog artifact (artifactType " + (artifactType.isEmpty() ? "(none)" : artifactType)
                    + ", expected " + ARTIFACT_TYPE + ")");
        }
        boolean hasKatalog = false;
        for (JsonNode layer : m.path("layers")) {
            hasKatalog |= KATALOG_FILE.equals(layer.path("annotations").path(TITLE).asText());
        }
        if (!hasKatalog) {
            throw new SourceException("holds no " + KATALOG_FILE + " layer");
        }
        return new Pulled(manifest.digest(), store.directory("oci", manifest.digest(), dir -> {
            for (JsonNode layer : m.path("layers")) {
                String title = layer.path("annotations").path(TITLE).asText("");
                if (title.isEmpty()) {
                    continue;
                }
                byte[] data = client.blob(ref.repository(), layer.path("digest").asText(), layer.path("size").asLong(-1));
                Path target = ContentStore.safeChild(dir, title);
                Files.createDirectories(target.getParent());
                Files.write(target, data);
            }
            Files.write(dir.resolve(".manifest.json"), manifest.body());
        }));
    }

    /** One file to publish: its title in the artifact, its media type, its bytes. */
    public record Layer(String title, String mediaType, byte[] data) {
    }

    /** Pushes the layers as one artifact under {@code ref}'s tag; returns the manifest digest. */
    public static String push(OciReference ref, List<Layer> layers, Map<String, String> annotations, RegistryClient client) throws SourceException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST);
        manifest.put("artifactType", ARTIFACT_TYPE);
        client.pushBlob(ref.repository(), ContentStore.sha256(EMPTY_CONFIG), EMPTY_CONFIG);
        manifest.set("config", descriptor(EMPTY, EMPTY_CONFIG).put("data", "e30="));
        ArrayNode list = manifest.putArray("layers");
        for (Layer layer : layers) {
            client.pushBlob(ref.repository(), ContentStore.sha256(layer.data()), layer.data());
            ObjectNode d = descriptor(layer.mediaType(), layer.data());
            d.putObject("annotations").put(TITLE, layer.title());
            list.add(d);
        }
        ObjectNode notes = manifest.putObject("annotations");
        notes.put("org.opencontainers.image.created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        annotations.forEach(notes::put);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return client.pushManifest(ref.repository(), ref.tag(), body, MANIFEST);
    }

    private static ObjectNode descriptor(String mediaType, byte[] data) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", ContentStore.sha256(data));
        d.put("size", data.length);
        return d;
    }
}
