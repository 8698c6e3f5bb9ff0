package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Katalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConverterTest {

    private static final Katalog VERSIONS = Samples.katalog(Samples.VERSIONS.resolve("katalog.yaml"));
    private final Converter website = Converter.of(VERSIONS.crd("website-v1").orElseThrow()).orElseThrow();

    private static final String THREE_VERSIONS = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: three}
            spec:
              crds:
                db:
                  apiTypes: {group: data.example.io, version: v1, kind: Database, plural: databases}
                  conversion:
                    storageVersion: v1
                    paths:
                      - from: v1alpha1
                        to: v1beta1
                        spec:
                          engine: "{{ .spec.databaseEngine }}"
                          size: "{{ .spec.size }}"
                      - from: v1beta1
                        to: v1
                        spec:
                          engine: "{{ .spec.engine }}"
                          replicas: "{{ .spec.size }}"
                          tier: "{{ .spec.tier | default \\"standard\\" }}"
                      - from: v1
                        to: v1beta1
                        spec:
                          engine: "{{ .spec.engine }}"
                          size: "{{ .spec.replicas }}"
                      - from: v1beta1
                        to: v1alpha1
                        spec:
                          databaseEngine: "{{ .spec.engine }}"
                          size: "{{ .spec.size }}"
                      - from: v1alpha1
                        to: v2
                        spec:
                          databaseEngine: "{{ .spec.databaseEngine }}"
                      - from: v2
                        to: v1
                        spec:
                          broken: "{{ .spec.size | b64dec }}"
            """;

    @Test
    void convertsAV1alpha1WebsiteToV1WithSeoDisabled() throws Exception {
        Map<String, Object> v1alpha1 = Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml"));

        Map<String, Object> v1 = website.convert(v1alpha1, "demo.orkestra.io/v1");

        assertThat(v1).containsEntry("apiVersion", "demo.orkestra.io/v1").containsEntry("kind", "Website");
        assertThat(v1.get("spec")).isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2, "seo", Map.of("enabled", false)));
        assertThat(v1.get("metadata")).isEqualTo(v1alpha1.get("metadata"));
        assertThat(v1alpha1).containsEntry("apiVersion", "demo.orkestra.io/v1alpha1"); // input untouched
    }

    @Test
    void convertsAV1WebsiteBackDroppingWhatV1alpha1DoesNotHave() throws Exception {
        Map<String, Object> v1 = Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"));

        Map<String, Object> v1alpha1 = website.convert(v1, "demo.orkestra.io/v1alpha1");

        assertThat(v1alpha1.get("spec")).isEqualTo(Map.of("image", "nginx:1.27", "replicas", 1));
        assertThat(v1alpha1).containsEntry("apiVersion", "demo.orkestra.io/v1alpha1");
    }

    @Test
    void carriesMetadataAndStatusOverUnchanged() throws Exception {
        Map<String, Object> obj = Map.of("apiVersion", "demo.orkestra.io/v1alpha1", "kind", "Website",
                "metadata", Map.of("name", "a", "namespace", "ns", "uid", "1234", "labels", Map.of("team", "web"),
                        "resourceVersion", "7", "generation", 3),
                "spec", Map.of("image", "nginx"),
                "status", Map.of("phase", "Active", "conditions", List.of(Map.of("type", "Ready", "status", "True"))));

        Map<String, Object> out = website.convert(obj, "demo.orkestra.io/v1");

        assertThat(out.get("metadata")).isEqualTo(obj.get("metadata"));
        assertThat(out.get("status")).isEqualTo(obj.get("status"));
        assertThat(out.get("spec")).isEqualTo(Map.of("image", "nginx", "seo", Map.of("enabled", false)));
    }

    @Test
    void sameVersionOnlySetsTheApiVersion() throws Exception {
        Map<String, Object> v1 = Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"));

        assertThat(website.convert(v1, "v1")).isEqualTo(v1);
    }

    @Test
    void goesThroughIntermediateVersionsWhenNoDirectPathExists() throws Exception {
        Converter db = Converter.of(Samples.katalog(THREE_VERSIONS).crd("db").orElseThrow()).orElseThrow();
        Map<String, Object> old = Map.of("apiVersion", "data.example.io/v1alpha1", "kind", "Database",
                "metadata", Map.of("name", "orders"), "spec", Map.of("databaseEngine", "postgres", "size", 3),
                "status", Map.of("ready", true));

        assertThat(db.route("v1alpha1", "v1")).contains(List.of("v1alpha1", "v1beta1", "v1"));
        Map<String, Object> v1 = db.convert(old, "data.example.io/v1");

        assertThat(v1.get("spec")).isEqualTo(Map.of("engine", "postgres", "replicas", 3, "tier", "standard"));
        assertThat(v1).containsEntry("apiVersion", "data.example.io/v1").containsEntry("status", Map.of("ready", true));
        assertThat(db.convert(v1, "v1alpha1").get("spec")).isEqualTo(Map.of("databaseEngine", "postgres", "size", 3));
    }

    @Test
    void aFailingTemplateNamesTheObjectThePathAndWhereTheTemplateIs() {
        Converter db = Converter.of(Samples.katalog(THREE_VERSIONS).crd("db").orElseThrow()).orElseThrow();
        Map<String, Object> v2 = Map.of("apiVersion", "data.example.io/v2", "kind", "Database",
                "metadata", Map.of("name", "orders", "namespace", "shop"), "spec", Map.of("size", "%%%"));

        assertThatThrownBy(() -> db.convert(v2, "data.example.io/v1"))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("shop/orders: converting v2 to v1: ")
                .hasMessageContaining("spec.crds.db.conversion.paths[5].spec.broken")
                .hasMessageContaining("b64dec");
    }

    @Test
    void aMissingPathIsAClearErrorNamingWhatIsDeclared() {
        Converter seed = Converter.of(Samples.katalog(Samples.VERSIONS.resolve("seed-katalog.yaml"))
                .crd("website-v1").orElseThrow()).orElseThrow();
        Map<String, Object> v1 = Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"));

        assertThatThrownBy(() -> seed.convert(v1, "demo.orkestra.io/v1alpha1"))
                .isInstanceOf(ConversionException.class)
                .hasMessage("default/modern-site: no conversion path from v1 to v1alpha1 in website-v1 (declared: "
                        + "v1alpha1 → v1); add one under spec.crds.website-v1.conversion.paths");
    }

    @Test
    void refusesObjectsOfAnotherGroupOrKindOrWithoutApiVersion() {
        assertThatThrownBy(() -> website.convert(Map.of("apiVersion", "other.io/v1", "kind", "Website",
                "metadata", Map.of("name", "x")), "demo.orkestra.io/v1alpha1"))
                .hasMessage("x: the object's apiVersion other.io/v1 is not in group demo.orkestra.io");
        assertThatThrownBy(() -> website.convert(Map.of("apiVersion", "demo.orkestra.io/v1", "kind", "Blog"), "v1alpha1"))
                .hasMessage("<unnamed>: the object is a Blog, website-v1 converts Website");
        assertThatThrownBy(() -> website.convert(Map.of("kind", "Website"), "v1alpha1"))
                .hasMessage("<unnamed>: the object has no apiVersion");
        assertThatThrownBy(() -> website.convert(Map.of("apiVersion", "demo.orkestra.io/v1"), "other.io/v1"))
                .hasMessageContaining("cannot convert to other.io/v1");
    }

    @Test
    void knowsItsVersions() {
        assertThat(website.versions()).containsExactlyInAnyOrder("v1", "v1alpha1");
        assertThat(website.route("v1", "v3")).isEmpty();
    }
}
