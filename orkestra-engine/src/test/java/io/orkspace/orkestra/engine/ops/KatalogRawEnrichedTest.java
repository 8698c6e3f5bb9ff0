package io.orkspace.orkestra.engine.ops;

import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference's /katalog/raw and /enriched paths: the Katalog as written, and with every default resolved. */
class KatalogRawEnrichedTest {

    static final Path WEBSITE = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs/website/katalog.yaml");

    @Test
    void rawIsTheFileAsWrittenAndEnrichedHasTheDefaults() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start();
             Orkestra engine = Orkestra.builder().client(cluster.client()).katalog(WEBSITE)
                     .options(EngineOptions.DEFAULTS.withApplyFiles(true).withHealthPort(0)).build()) {
            engine.start();
            HttpClient http = HttpClient.newHttpClient();

            String raw = get(http, engine, "/katalog/raw", 200);
            assertThat(raw).contains("\"kind\":\"Katalog\"", "\"website\"").doesNotContain("\"workers\"");
            String entryRaw = get(http, engine, "/katalog/website/raw", 200);
            assertThat(entryRaw).contains("\"crdFile\":\"./crd.yaml\"", "\"operatorBox\"");
            String enriched = get(http, engine, "/katalog/website/enriched", 200);
            assertThat(enriched).contains("\"workers\":3");
            assertThat(get(http, engine, "/katalog/enriched", 200)).contains("\"website\"", "\"workers\":3");
            get(http, engine, "/katalog/nosuch/raw", 404);
        }
    }

    private static String get(HttpClient http, Orkestra engine, String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.healthPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        return r.body().replaceAll("\\s+", ""); // compare without the pretty-printing
    }
}
