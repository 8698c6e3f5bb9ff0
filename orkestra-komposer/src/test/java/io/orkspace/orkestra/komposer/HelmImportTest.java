package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.testing.StaticHttpServer;
import io.orkspace.orkestra.komposer.testing.TarGzWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Komposer importing a chart from a real chart repository served on loopback. */
class HelmImportTest {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");

    /** A Katalog as a chart ships it: its own templates escaped from Helm, both ways Helm users write it. */
    static final String KATALOG_TEMPLATE = """
            # the website operator, shipped in a chart
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata:
              name: website-operator
            spec:
              crds:
                website:
                  crdFile: ../crds/website.yaml
                  operatorBox:
                    onCreate:
                      deployments:
                        - name: '{{ "{{ .metadata.name }}" }}'
                          image: {{`"{{ .spec.image }}"`}}
                          replicas: 2
                          reconcile: true
            """;

    @TempDir
    Path cache;
    @TempDir
    Path dir;

    StaticHttpServer repo;
    Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void startRepository() throws Exception {
        repo = new StaticHttpServer();
        String crd = Files.readString(SHARED.resolve("website/crd.yaml"));
        String index = "apiVersion: v1\nentries:\n  platform-crds:\n"
                + chart("1.0.0", KATALOG_TEMPLATE.replace("replicas: 2", "replicas: 1"), crd)
                + chart("1.2.0", KATALOG_TEMPLATE, crd)
                + chart("2.0.0-rc.1", KATALOG_TEMPLATE, crd)
                + chart("3.0.0", KATALOG_TEMPLATE.replace("replicas: 2", "replicas: {{ .Values.replicas }}"), crd);
        repo.put("/charts/index.yaml", index);
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    /** Packs a chart version, serves it, and returns its index.yaml entry. */
    String chart(String version, String katalog, String crd) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("platform-crds/Chart.yaml", ("apiVersion: v2\nname: platform-crds\nversion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("platform-crds/values.yaml", "replicas: 2\n".getBytes(StandardCharsets.UTF_8));
        files.put("platform-crds/crds/website.yaml", crd.getBytes(StandardCharsets.UTF_8));
        files.put("platform-crds/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
                .getBytes(StandardCharsets.UTF_8));
        files.put("platform-crds/templates/katalog.yaml", katalog.getBytes(StandardCharsets.UTF_8));
        byte[] tgz = TarGzWriter.write(files);
        repo.put("/charts/platform-crds-" + version + ".tgz", tgz);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tgz));
        return "    - name: platform-crds\n      version: " + version + "\n      digest: " + digest
                + "\n      urls: [platform-crds-" + version + ".tgz]\n";
    }

    KomposerResolver resolver(boolean offline) {
        return KomposerResolver.create(KomposerOptions.defaults().withCacheDir(cache).withOffline(offline).withEnv(env::get));
    }

    Path komposer(String version, String extra) throws Exception {
        return Files.writeString(dir.resolve("komposer.yaml"), """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  helm:
                    - repo: %s/charts
                      chart: platform-crds
                      version: "%s"
                %s
                spec:
                  crds:
                    website:
                      workers: 5
                """.formatted(repo.url(), version, extra));
    }

    @Test
    void aChartVersionRangeResolvesToTheHighestReleaseAndItsKatalog() throws Exception {
        Resolution r = resolver(false).resolve(komposer("^1.0", ""));

        CrdEntry website = r.katalog().crd("website").orElseThrow();
        assertThat(website.workers()).isEqualTo(5);
        assertThat(website.apiTypes().kind()).isEqualTo("Website");
        assertThat(website.crdFile().orElseThrow().toString()).endsWith("platform-crds/crds/website.yaml");
        assertThat(r.sources().get("website").source())
                .isEqualTo("helm chart platform-crds 1.2.0 from " + repo.url() + "/charts (templates/katalog.yaml)");
        assertThat(r.yaml()).contains("name: \"{{ .metadata.name }}\"").contains("image: \"{{ .spec.image }}\"").contains("replicas: 2");
    }

    @Test
    void anExactVersionIsPickedAndTheChartIsDownloadedOnceThenServedByDigest() throws Exception {
        Path komposer = komposer("1.0.0", "");
        assertThat(resolver(false).resolve(komposer).yaml()).contains("replicas: 1");
        assertThat(resolver(false).resolve(komposer).yaml()).contains("replicas: 1");

        assertThat(repo.requests()).containsExactly("/charts/index.yaml", "/charts/platform-crds-1.0.0.tgz", "/charts/index.yaml");
    }

    @Test
    void onceFetchedAChartResolvesOffline() throws Exception {
        Path komposer = komposer("~1.2", "");
        resolver(false).resolve(komposer);
        repo.close();

        assertThat(resolver(true).resolve(komposer).sources().get("website").source()).contains("platform-crds 1.2.0");
    }

    @Test
    void aWrongVersionNamesTheSourceAndWhatIsAvailable() throws Exception {
        Path komposer = komposer(">=4", "");
        assertThat(problems(komposer)).singleElement().hasToString(komposer + ":7:7: imports.helm[0]: helm chart platform-crds >=4 from "
                + repo.url() + "/charts: no version of chart platform-crds matches \">=4\" (available: 3.0.0, 2.0.0-rc.1, 1.2.0, 1.0.0)");
    }

    @Test
    void aPrereleaseIsPickedOnlyWhenTheRangeNamesOne() throws Exception {
        assertThat(resolver(false).resolve(komposer(">=2.0.0-rc.0 <3", "")).sources().get("website").source()).contains("2.0.0-rc.1");
    }

    @Test
    void aBadDigestIsRefused() throws Exception {
        repo.put("/charts/platform-crds-1.2.0.tgz", TarGzWriter.write(Map.of("platform-crds/Chart.yaml", new byte[] {'x'})));
        Path komposer = komposer("1.2.0", "");
        assertThat(problems(komposer)).singleElement().asString()
                .startsWith(komposer + ":7:7: imports.helm[0]: helm chart platform-crds 1.2.0 from " + repo.url() + "/charts: digest mismatch for "
                        + repo.url() + "/charts/platform-crds-1.2.0.tgz: index.yaml says sha256:");
        assertThat(cache.resolve("helm/sha256")).doesNotExist();
    }

    @Test
    void anUnreachableRepositoryNamesTheSource() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path komposer = Files.writeString(dir.resolve("komposer.yaml"), """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  helm:
                    - {repo: "http://127.0.0.1:%d/charts", chart: platform-crds, version: 1.0.0}
                """.formatted(port));
        assertThat(problems(komposer)).singleElement().hasToString(komposer + ":7:7: imports.helm[0]: helm chart platform-crds 1.0.0 from "
                + "http://127.0.0.1:" + port + "/charts: cannot reach 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aRepositoryBehindBasicAuthNeedsTheCredentialsOfAuth() throws Exception {
        repo.requireBasicAuth("ci", "s3cret");
        Path without = komposer("1.0.0", "");
        assertThat(problems(without)).singleElement().asString().endsWith("access denied to " + repo.url()
                + "/charts/index.yaml (HTTP 401); the repository needs credentials (auth:)");

        env.put("CHARTS_USER", "ci");
        env.put("CHARTS_PASSWORD", "wrong");
        Path with = komposer("1.0.0", "      auth: {type: basic, usernameFromEnv: CHARTS_USER, passwordFromEnv: CHARTS_PASSWORD}");
        assertThat(problems(with)).singleElement().asString().endsWith("(HTTP 401); check the credentials of auth:");

        env.put("CHARTS_PASSWORD", "s3cret");
        assertThat(resolver(false).resolve(with).katalog().crd("website")).isPresent();
    }

    @Test
    void aKatalogThatNeedsHelmValuesIsNotSupportedYet() throws Exception {
        List<Problem> problems = problems(komposer("3.0.0", ""));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location().file().toString()).endsWith("platform-crds/templates/katalog.yaml");
            assertThat(p.location().line()).isEqualTo(15);
            assertThat(p.message()).isEqualTo("the Helm action {{ .Values.replicas }} is not supported yet: a chart's Katalogs are read "
                    + "without Helm values (in helm chart platform-crds 3.0.0 from " + repo.url() + "/charts)");
        });
    }

    @Test
    void pathPicksOneFileOfTheChart() throws Exception {
        Path komposer = komposer("1.0.0", "      path: templates/configmap.yaml");
        assertThat(problems(komposer)).singleElement().asString()
                .endsWith("chart platform-crds 1.0.0 holds no Katalog (templates/configmap.yaml has no kind: Katalog document)");
    }

    List<Problem> problems(Path komposer) {
        try {
            resolver(false).resolve(komposer);
        } catch (KatalogException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }
}
