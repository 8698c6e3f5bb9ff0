package io.orkspace.orkestra.komposer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.testing.DockerRegistry;
import io.orkspace.orkestra.komposer.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Push and pull through a real registry (Debian's docker-registry) on loopback. */
class OciImportTest {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");
    /** {@code orkestra} / {@code s3cret}, bcrypt as the registry's htpasswd wants it. */
    static final String HTPASSWD = "orkestra:$2b$04$S64wx2W6eZyoJTz3uhKJyu/od8Khlk33NfC17.2ljz/G2dqSCms3m\n";

    @TempDir
    static Path registryDir;
    static DockerRegistry registry;

    @TempDir
    Path cache;
    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = DockerRegistry.start(registryDir, null);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    KomposerOptions options(boolean offline) {
        return KomposerOptions.defaults().withCacheDir(cache).withOffline(offline).withDockerConfig(dir.resolve("no-docker-config.json"));
    }

    Path website(String folder) throws IOException {
        Path d = Files.createDirectories(dir.resolve(folder));
        for (String f : List.of("katalog.yaml", "crd.yaml", "cr.yaml")) {
            Files.copy(SHARED.resolve("website").resolve(f), d.resolve(f));
        }
        Files.writeString(d.resolve("README.md"), "# website\n");
        return d.resolve("katalog.yaml");
    }

    Path komposer(String url) throws IOException {
        return Files.writeString(dir.resolve("komposer.yaml"), """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  registry:
                    - url: %s
                      oci: true
                spec:
                  crds:
                    website:
                      workers: 8
                """.formatted(url));
    }

    @Test
    void pushThenPullRoundTripsTheKatalogByteForByte() throws Exception {
        Path katalog = website("web");
        String ref = "oci://" + registry.host() + "/team/website:v1";

        Published published = KatalogPublisher.create(options(false)).push(katalog, ref);

        assertThat(published.reference()).isEqualTo(ref);
        assertThat(published.files()).containsExactly("katalog.yaml", "crd.yaml", "cr.yaml", "README.md");
        Resolution r = KomposerResolver.create(options(false)).resolve(komposer(ref));
        assertThat(r.katalog().crd("website").orElseThrow().workers()).isEqualTo(8);
        assertThat(r.sources().get("website").source()).isEqualTo(ref + "@" + published.digest());
        Path pulled = r.katalog().crd("website").orElseThrow().crdFile().orElseThrow().getParent();
        assertThat(pulled.resolve("katalog.yaml")).hasSameBinaryContentAs(katalog);
        assertThat(pulled.resolve("crd.yaml")).hasSameBinaryContentAs(katalog.resolveSibling("crd.yaml"));
        assertThat(pulled.resolve("cr.yaml")).hasSameBinaryContentAs(katalog.resolveSibling("cr.yaml"));

        JsonNode manifest = manifest("team/website", "v1");
        assertThat(manifest.path("artifactType").asText()).isEqualTo("application/vnd.orkestra.pattern.v1+tar+gzip");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
        assertThat(manifest.path("layers").get(0).path("mediaType").asText()).isEqualTo("application/vnd.orkestra.katalog.v1+yaml");
        assertThat(manifest.path("layers").get(0).path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo("katalog.yaml");
        assertThat(manifest.path("layers").get(1).path("mediaType").asText()).isEqualTo("application/vnd.kubernetes.crd.v1+yaml");
        assertThat(manifest.path("annotations").path("io.orkestra.pattern.name").asText()).isEqualTo("website-operator");
    }

    @Test
    void byTagAndByDigestAKomposerResolvesFromTheCacheOncePulled(@TempDir Path ownRegistry) throws Exception {
        String digest;
        String tagRef;
        try (DockerRegistry once = DockerRegistry.start(ownRegistry, null)) {
            tagRef = "oci://" + once.host() + "/team/website:v2";
            digest = KatalogPublisher.create(options(false)).push(website("web"), tagRef).digest();
            KomposerResolver.create(options(false)).resolve(komposer(tagRef));
        }
        // the registry is gone: a digest never goes back to it, a tag does unless offline
        String digestRef = tagRef.replace(":v2", "") + "@" + digest;
        assertThat(KomposerResolver.create(options(false)).resolve(komposer(digestRef)).katalog().crd("website")).isPresent();
        assertThat(KomposerResolver.create(options(true)).resolve(komposer(tagRef)).sources().get("website").source())
                .isEqualTo(tagRef + "@" + digest);
        assertThat(problems(komposer(tagRef), options(false))).singleElement().asString().contains("cannot reach");
    }

    @Test
    void aTagIsResolvedAgainEachTime() throws Exception {
        Path katalog = website("web");
        String ref = "oci://" + registry.host() + "/team/moving:latest";
        KatalogPublisher publisher = KatalogPublisher.create(options(false));
        String first = publisher.push(katalog, ref).digest();
        assertThat(KomposerResolver.create(options(false)).resolve(komposer(ref)).sources().get("website").source()).endsWith(first);

        Files.writeString(katalog, Files.readString(katalog).replace("port: 80", "port: 8080"));
        String second = publisher.push(katalog, ref).digest();

        assertThat(second).isNotEqualTo(first);
        assertThat(KomposerResolver.create(options(false)).resolve(komposer(ref)).sources().get("website").source()).endsWith(second);
    }

    @Test
    void anUnknownTagNamesTheSourceAtItsLine() throws Exception {
        Path komposer = komposer("oci://" + registry.host() + "/team/website:v9");
        assertThat(problems(komposer, options(false))).singleElement().hasToString(komposer + ":7:7: imports.registry[0]: oci://"
                + registry.host() + "/team/website:v9: tag v9 not found (MANIFEST_UNKNOWN: manifest unknown)");
    }

    @Test
    void anUnreachableRegistryNamesTheSource() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path komposer = komposer("127.0.0.1:" + port + "/team/website@v1");
        assertThat(problems(komposer, options(false))).singleElement().hasToString(komposer + ":7:7: imports.registry[0]: 127.0.0.1:" + port
                + "/team/website@v1: cannot reach 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aCorruptedBlobFailsTheDigestCheck() throws Exception {
        String ref = "oci://" + registry.host() + "/team/corrupt:v1";
        Path katalog = website("web");
        KatalogPublisher.create(options(false)).push(katalog, ref);
        byte[] original = Files.readAllBytes(katalog);
        String hex = sha256Hex(original);
        Path blob = registryDir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
        byte[] tampered = original.clone();
        tampered[0] = '#';
        Files.write(blob, tampered);
        try {
            assertThat(problems(komposer(ref), options(false))).singleElement().asString()
                    .contains(": digest mismatch for the blob sha256:" + hex + ": received " + original.length + " bytes with sha256:");
        } finally {
            Files.write(blob, original);
        }
    }

    @Test
    void basicAuthUsesTheDockerConfigCredentials(@TempDir Path ownRegistry) throws Exception {
        Path htpasswd = Files.writeString(ownRegistry.resolve("htpasswd"), HTPASSWD);
        try (DockerRegistry secured = DockerRegistry.start(ownRegistry, "  htpasswd:\n    realm: orkestra\n    path: " + htpasswd + "\n")) {
            String ref = "oci://" + secured.host() + "/team/website:v1";
            Path katalog = website("web");
            assertThat(pushProblem(katalog, ref, options(false))).isEqualTo(katalog + ": " + ref
                    + ": unauthorized: the registry needs credentials (docker login " + secured.host() + ", or auth: in the import)");

            Path dockerConfig = dockerConfig(secured.host(), "orkestra", "wrong");
            assertThat(pushProblem(katalog, ref, options(false).withDockerConfig(dockerConfig))).contains("unauthorized: the registry refused the credentials");

            dockerConfig = dockerConfig(secured.host(), "orkestra", "s3cret");
            KatalogPublisher.create(options(false).withDockerConfig(dockerConfig)).push(katalog, ref);
            Resolution r = KomposerResolver.create(options(false).withDockerConfig(dockerConfig)).resolve(komposer(ref));
            assertThat(r.katalog().crd("website")).isPresent();
        }
    }

    @Test
    void bearerTokenAuthFollowsTheChallengeToTheTokenService(@TempDir Path ownRegistry) throws Exception {
        try (TokenServer tokens = new TokenServer(ownRegistry, "orkestra", "s3cret");
             DockerRegistry secured = DockerRegistry.start(ownRegistry, tokens.registryAuth(ownRegistry))) {
            String ref = "oci://" + secured.host() + "/team/website:v1";
            Path katalog = website("web");
            assertThat(pushProblem(katalog, ref, options(false))).startsWith(katalog + ": " + ref
                    + ": unauthorized: the token service http://127.0.0.1:").endsWith(" refused anonymous access (docker login " + secured.host()
                    + ", or auth: in the import) (HTTP 401)");

            Path dockerConfig = dockerConfig(secured.host(), "orkestra", "s3cret");
            String digest = KatalogPublisher.create(options(false).withDockerConfig(dockerConfig)).push(katalog, ref).digest();
            Resolution r = KomposerResolver.create(options(false).withDockerConfig(dockerConfig)).resolve(komposer(ref));
            assertThat(r.sources().get("website").source()).isEqualTo(ref + "@" + digest);
        }
    }

    @Test
    void aFileOutsideTheKatalogsFolderCannotBePushed() throws Exception {
        Path katalog = website("web");
        Files.copy(katalog.resolveSibling("crd.yaml"), dir.resolve("crd.yaml"));
        Files.writeString(katalog, Files.readString(katalog).replace("./crd.yaml", "../crd.yaml"));
        assertThat(pushProblem(katalog, "oci://" + registry.host() + "/team/x:v1", options(false))).isEqualTo(katalog
                + ":8:16: spec.crds.website.crdFile: ../crd.yaml is outside the Katalog's folder: an artifact holds that folder only; "
                + "move the file next to the Katalog and refer to it by a relative path");
    }

    Path dockerConfig(String host, String user, String password) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Files.writeString(dir.resolve("config-" + password + ".json"), "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}");
    }

    static JsonNode manifest(String repository, String tag) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository
                + "/manifests/" + tag)).header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
        return new ObjectMapper().readTree(r.body());
    }

    static String sha256Hex(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    String pushProblem(Path katalog, String ref, KomposerOptions options) {
        try {
            KatalogPublisher.create(options).push(katalog, ref);
        } catch (KatalogException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0).toString();
        }
        throw new AssertionError("expected the push to fail");
    }

    List<Problem> problems(Path komposer, KomposerOptions options) {
        try {
            KomposerResolver.create(options).resolve(komposer);
        } catch (KatalogException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }
}
