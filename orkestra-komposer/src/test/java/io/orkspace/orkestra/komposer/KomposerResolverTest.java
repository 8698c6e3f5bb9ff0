package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KomposerResolverTest {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");

    @TempDir
    Path cache;

    @TempDir
    Path dir;

    KomposerResolver resolver() {
        return KomposerResolver.create(KomposerOptions.defaults().withCacheDir(cache).withEnv(Map.of("TEAM", "website")::get));
    }

    @Test
    void sharedKomposerResolvesToTheWebsiteKatalogWithEightWorkers() throws Exception {
        Resolution r = resolver().resolve(SHARED.resolve("komposer/komposer.yaml"));

        CrdEntry website = r.katalog().crd("website").orElseThrow();
        assertThat(website.workers()).isEqualTo(8);
        assertThat(website.apiTypes().kind()).isEqualTo("Website");
        assertThat(website.crdFile()).contains(SHARED.resolve("website/crd.yaml").toAbsolutePath().normalize());
        assertThat(website.crFiles()).containsExactly(SHARED.resolve("website/cr.yaml").toAbsolutePath().normalize());
        assertThat(r.katalog().name()).isEqualTo("platform-komposer");
        EntrySource source = r.sources().get("website");
        assertThat(source.source()).isEqualTo("file ../website/katalog.yaml");
        assertThat(source.importedAt().line()).isEqualTo(7);
        assertThat(source.overriddenAt().line()).isEqualTo(10);
        assertThat(r.yaml()).contains("# website: from file ../website/katalog.yaml (").contains("workers: 8");
        assertThat(r.file()).exists();
        assertThat(Files.readString(r.file())).isEqualTo(r.yaml());
    }

    @Test
    void aPlainKatalogPassesThrough() throws Exception {
        Resolution r = resolver().resolve(SHARED.resolve("website/katalog.yaml"));
        assertThat(r.katalog().crd("website").orElseThrow().workers()).isEqualTo(CrdEntry.DEFAULT_WORKERS);
        assertThat(r.sources().get("website").describe()).isEqualTo("from " + SHARED.resolve("website/katalog.yaml"));
    }

    @Test
    void importedPathsResolveAgainstTheirOwnFolder() throws Exception {
        Path team = Files.createDirectories(dir.resolve("teams/web"));
        Files.writeString(team.resolve("crd.yaml"), Files.readString(SHARED.resolve("website/crd.yaml")));
        Files.writeString(team.resolve("katalog.yaml"), """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata:
                  name: web
                spec:
                  finalizers: [web.example.com/cleanup]
                  crds:
                    - name: site
                      crdFile: ./crd.yaml
                """);
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files:
                    - url: ./teams/$TEAM/../web/katalog.yaml
                """.replace("$TEAM/../web", "${TEAM}/../web"));
        Files.createDirectories(dir.resolve("teams/website"));

        CrdEntry site = resolver().resolve(komposer).katalog().crd("site").orElseThrow();
        assertThat(site.crdFile()).contains(team.resolve("crd.yaml"));
        assertThat(site.apiTypes().kind()).isEqualTo("Website");
        assertThat(site.finalizers()).containsExactly("web.example.com/cleanup");
    }

    @Test
    void inlineBlockDeepMergesMapsAndReplacesLists() throws Exception {
        copyWebsite("a");
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files: [./a/katalog.yaml]
                spec:
                  crds:
                    website:
                      crFiles: []
                      labels:
                        team: web
                      apiTypes:
                        version: v1alpha1
                """);
        CrdEntry website = resolver().resolve(komposer).katalog().crd("website").orElseThrow();
        assertThat(website.crFiles()).isEmpty();
        assertThat(website.apiTypes().group()).isEqualTo("demo.orkestra.io");
        assertThat(website.labels()).containsKey("team");
        assertThat(website.operatorBox()).isNotNull();
    }

    @Test
    void twoImportsDefiningOneEntryIsAnErrorNamingBoth() throws Exception {
        copyWebsite("a");
        copyWebsite("b");
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files:
                    - ./a/katalog.yaml
                    - ./b/katalog.yaml
                """);
        List<Problem> problems = problems(komposer);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).isEqualTo(komposer + ":8:7: spec.crds.website: CRD entry \"website\" is defined by two imports: "
                + "file ./a/katalog.yaml (" + komposer + ":7:7) and file ./b/katalog.yaml (" + komposer
                + ":8:7); keep one, or settle it in the Komposer's spec.crds.website");
    }

    @Test
    void theInlineBlockSettlesAConflictWithTheLaterImportAsBase() throws Exception {
        copyWebsite("a");
        copyWebsite("b");
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files:
                    - ./a/katalog.yaml
                    - ./b/katalog.yaml
                spec:
                  crds:
                    website:
                      workers: 2
                """);
        Resolution r = resolver().resolve(komposer);
        assertThat(r.katalog().crd("website").orElseThrow().crdFile()).contains(dir.resolve("b/crd.yaml"));
        assertThat(r.sources().get("website").describe()).startsWith("from file ./b/katalog.yaml (")
                .contains("replacing file ./a/katalog.yaml").contains("overridden at " + komposer + ":11:5");
    }

    @Test
    void aBadOverrideValueIsLocatedInTheKomposer() throws Exception {
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files: [%s]
                spec:
                  crds:
                    website:
                      workers: eight
                      replicaz: 3
                """.formatted(SHARED.resolve("website/katalog.yaml").toAbsolutePath()));
        List<Problem> problems = problems(komposer);
        assertThat(problems).extracting(p -> p.location().file()).containsOnly(komposer);
        assertThat(problems).extracting(p -> p.location().line()).contains(10, 11);
        assertThat(problems.toString()).contains("spec.crds.website.workers").contains("spec.crds.website.replicaz");
    }

    @Test
    void anErrorInsideAnImportedKatalogPointsAtThatFile() throws Exception {
        Path a = copyWebsite("a");
        Files.writeString(a, Files.readString(a).replace("workers", "x").replace("kind: Website", "kind: Website\n        plurl: x"));
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files: [./a/katalog.yaml]
                """);
        List<Problem> problems = problems(komposer);
        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).location().file()).isEqualTo(a);
        assertThat(problems.get(0).toString()).contains("plurl");
    }

    @Test
    void anOverrideNamingNoImportedEntrySuggestsTheClosest() throws Exception {
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files: [%s]
                spec:
                  crds:
                    websit:
                      workers: 2
                """.formatted(SHARED.resolve("website/katalog.yaml").toAbsolutePath()));
        assertThat(problems(komposer)).singleElement().hasToString(komposer + ":9:5: spec.crds.websit: overrides no imported CRD entry "
                + "(imported: website); did you mean \"website\"? A new entry needs apiTypes or crdFile.");
    }

    @Test
    void aMissingImportNamesTheSourceAtItsLine() throws Exception {
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files:
                    - ./nowhere/katalog.yaml
                """);
        assertThat(problems(komposer)).singleElement().hasToString(komposer + ":7:7: imports.files[0]: file ./nowhere/katalog.yaml: "
                + "file not found: " + dir.resolve("nowhere/katalog.yaml"));
    }

    @Test
    void importingAKomposerIsRefused() throws Exception {
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  files: [%s]
                """.formatted(SHARED.resolve("komposer/komposer.yaml").toAbsolutePath()));
        assertThat(problems(komposer)).singleElement().asString().contains("is a Komposer: a Komposer imports Katalogs, not other Komposers");
    }

    @Test
    void schemaErrorsOfTheKomposerComeFromTheLoader() throws Exception {
        Path komposer = write("komposer.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Komposer
                metadata:
                  name: platform
                imports:
                  filez: [./a.yaml]
                """);
        assertThat(problems(komposer)).singleElement().asString().startsWith(komposer + ":6:3: imports.filez");
    }

    Path copyWebsite(String folder) throws IOException {
        Path d = Files.createDirectories(dir.resolve(folder));
        for (String f : List.of("katalog.yaml", "crd.yaml", "cr.yaml")) {
            Files.copy(SHARED.resolve("website").resolve(f), d.resolve(f));
        }
        return d.resolve("katalog.yaml");
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    List<Problem> problems(Path komposer) {
        try {
            resolver().resolve(komposer);
        } catch (KatalogException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }

}
