package io.orkspace.orkestra.katalog;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KatalogLoaderTest {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");

    private final KatalogLoader loader = KatalogLoader.create();

    @Test
    void loadsTheWebsiteKatalogWithItsFilesResolvedAgainstItsFolder() throws Exception {
        Katalog k = loader.load(SHARED.resolve("website/katalog.yaml"));

        assertThat(k.name()).isEqualTo("website-operator");
        CrdEntry website = k.crd("website").orElseThrow();
        assertThat(website.apiTypes()).isEqualTo(new ApiTypes("demo.orkestra.io", "v1alpha1", "Website", "websites"));
        assertThat(website.crdFile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(SHARED.resolve("website/crd.yaml").toAbsolutePath().normalize()));
        assertThat(website.crFiles()).containsExactly(SHARED.resolve("website/cr.yaml").toAbsolutePath().normalize());
        assertThat(website.workers()).isEqualTo(3);
        assertThat(website.resync()).isEqualTo(Duration.ofSeconds(30));
        assertThat(website.forceConflict()).isTrue();
        assertThat(website.namespaced()).isTrue();
        TemplateBlock onCreate = website.operatorBox().onCreate();
        assertThat(onCreate.resources()).containsOnlyKeys("deployments", "services");
        ResourceEntry deployment = onCreate.resources().get("deployments").get(0);
        assertThat(deployment.reconcile()).isTrue();
        assertThat(deployment.fields()).containsKeys("image", "replicas");
        assertThat(deployment.location().line()).isEqualTo(18); // the "- name:" line that starts the entry
    }

    @Test
    void acceptsTheOlderOperatorBoxDefaultSpelling() throws Exception {
        Katalog k = loader.load(SHARED.resolve("website/seed-katalog.yaml"));

        OperatorBox box = k.crd("website").orElseThrow().operatorBox();
        assertThat(box.defaultReconciler()).isTrue();
        assertThat(box.onCreate().resources().get("deployments")).hasSize(1);
        assertThat(box.onCreate().resources().get("deployments").get(0).name()).isEmpty();
    }

    @Test
    void acceptsTheListFormOfSpecCrds() throws Exception {
        Katalog k = loader.load(SHARED.resolve("website-versions/seed-katalog.yaml"));

        assertThat(k.crds()).containsOnlyKeys("website-v1");
        Conversion c = k.crd("website-v1").orElseThrow().conversion().orElseThrow();
        assertThat(c.storageVersion()).isEqualTo("v1");
        assertThat(c.paths()).extracting(Conversion.VersionPath::from, Conversion.VersionPath::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v1alpha1", "v1"));
    }

    @Test
    void loadsAMultiVersionKatalogWithConversionInBothDirections() throws Exception {
        Katalog k = loader.load(SHARED.resolve("website-versions/katalog.yaml"));

        assertThat(k.crds()).containsOnlyKeys("website-v1alpha1", "website-v1");
        assertThat(k.crd("website-v1").orElseThrow().conversion().orElseThrow().updateCRD()).isTrue();
        assertThat(k.crd("website-v1alpha1").orElseThrow().crFiles()).hasSize(2);
    }

    @Test
    void readsApiTypesFromTheCrdFileWhenTheKatalogIsSilent(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.copy(SHARED.resolve("website/crd.yaml"), dir.resolve("crd.yaml"));
        Path katalog = dir.resolve("katalog.yaml");
        Files.writeString(katalog, """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    website:
                      crdFile: crd.yaml
                """);

        CrdEntry e = loader.load(katalog).crd("website").orElseThrow();

        assertThat(e.apiTypes()).isEqualTo(new ApiTypes("demo.orkestra.io", "v1alpha1", "Website", "websites"));
        assertThat(e.namespaced()).isTrue();
    }

    @Test
    void crdLevelWorkersOverrideTheReconcilerSetting() throws Exception {
        Katalog k = loader.parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    a:
                      workers: 8
                      resync: 1m30s
                      apiTypes: {group: g.io, version: v1, kind: A, plural: as}
                      operatorBox:
                        reconciler: {workers: 2, resync: 10s}
                """, null);

        assertThat(k.crd("a").orElseThrow().workers()).isEqualTo(8);
        assertThat(k.crd("a").orElseThrow().resync()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void expandsIncludesRelativeToTheKatalogWithInlineRulesWinning(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/validation.yaml"), """
                rules:
                  - field: spec.image
                    exists: true
                    message: image is required
                """);
        Path katalog = dir.resolve("katalog.yaml");
        Files.writeString(katalog, """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    a:
                      apiTypes: {group: g.io, version: v1, kind: A, plural: as}
                      validation:
                        include: rules/validation.yaml
                        rules:
                          - field: spec.replicas
                            min: "1"
                            message: at least one replica
                """);

        Validation v = loader.load(katalog).crd("a").orElseThrow().validation();

        assertThat(v.rules()).extracting(r -> r.check().operator())
                .containsExactly(Condition.Operator.EXISTS, Condition.Operator.GTE);
    }

    @Test
    void hoistsTheRegroupedLayoutOntoTheReferenceLayout() throws Exception {
        Katalog k = loader.parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    a:
                      apiTypes: {group: g.io, version: v1, kind: A, plural: as}
                      admission:
                        validation:
                          rules:
                            - {field: spec.image, exists: true, message: "image is required"}
                      operatorBox:
                        reconcile:
                          workers: 5
                          onCreate:
                            configmaps:
                              - data: {a: b}
                        emit:
                          status:
                            fields:
                              - {path: url, value: "http://{{ .metadata.name }}"}
                """, null);

        CrdEntry a = k.crd("a").orElseThrow();
        assertThat(a.workers()).isEqualTo(5);
        assertThat(a.operatorBox().onCreate().resources()).containsOnlyKeys("configMaps");
        assertThat(a.operatorBox().status().fields()).extracting(StatusBlock.Field::path).containsExactly("url");
        assertThat(a.validation().rules()).hasSize(1);
    }

    @Test
    void aKomposerIsNotLoadedAsAKatalog() {
        assertThatThrownBy(() -> loader.load(SHARED.resolve("komposer/komposer.yaml")))
                .isInstanceOf(KatalogException.class)
                .hasMessageContaining("komposer.yaml:2:7: kind: this file is a Komposer, expected a Katalog");
    }

    @Test
    void everySharedKatalogAndTheKomposerPassTheCheck() throws Exception {
        try (var files = Files.walk(SHARED)) {
            files.filter(p -> p.getFileName().toString().matches("(seed-)?katalog\\.yaml|komposer\\.yaml"))
                    .forEach(p -> assertThat(loader.check(p)).as(p.toString()).isEmpty());
        }
    }

    @Test
    void rendersEntryTemplatesToTheTypesTheyEvaluateTo() throws Exception {
        Katalog k = loader.load(SHARED.resolve("website/katalog.yaml"));
        ResourceEntry d = k.crd("website").orElseThrow().operatorBox().onCreate().resources().get("deployments").get(0);
        Map<String, Object> cr = Map.of("metadata", Map.of("name", "blog", "namespace", "default"),
                "spec", Map.of("image", "nginx:1.27", "replicas", 3));
        Map<String, Object> data = io.orkspace.orkestra.katalog.template.TemplateData.of(cr);

        assertThat(d.fields().get("replicas").render(data)).isEqualTo(3);
        assertThat(d.fields().get("image").render(data)).isEqualTo("nginx:1.27");
        assertThat(d.name().orElseThrow().render(data)).isEqualTo("blog");
    }

    @Test
    void readsACustomEntryAsTheReferenceWritesIt() throws Exception {
        Katalog k = loader.parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    website:
                      apiTypes: {group: demo.orkestra.io, version: v1alpha1, kind: Website, plural: websites}
                      operatorBox:
                        onCreate:
                          custom:
                            - apiVersion: "cert-manager.io/v1"
                              kind: Certificate
                              reconcile: true
                              hasStatus: false
                              metadata:
                                name: "{{ .metadata.name }}-tls"
                                namespace: "{{ .metadata.namespace }}"
                              spec:
                                secretName: "{{ .metadata.name }}-tls-secret"
                                dnsNames: ["{{ .spec.hostname }}"]
                """, null);

        ResourceEntry e = k.crd("website").orElseThrow().operatorBox().onCreate().resources().get("custom").get(0);
        Map<String, Object> data = io.orkspace.orkestra.katalog.template.TemplateData.of(Map.of(
                "metadata", Map.of("name", "blog", "namespace", "web"), "spec", Map.of("hostname", "blog.example.com")));
        assertThat(e.reconcile()).isTrue();
        assertThat(e.name().orElseThrow().render(data)).isEqualTo("blog-tls");
        assertThat(e.namespace().orElseThrow().render(data)).isEqualTo("web");
        assertThat(e.fields().get("apiVersion").render(data)).isEqualTo("cert-manager.io/v1");
        assertThat(e.fields().get("spec").render(data)).isEqualTo(Map.of("secretName", "blog-tls-secret",
                "dnsNames", java.util.List.of("blog.example.com")));
    }
}
