package io.orkspace.orkestra.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionCheckTest {

    private static List<ConversionCheck.Sample> samples() {
        return List.of(new ConversionCheck.Sample("cr-v1alpha1.yaml", Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml"))),
                new ConversionCheck.Sample("cr-v1.yaml", Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"))));
    }

    private static Converter converter(String katalog) {
        return Converter.of(Samples.katalog(Samples.VERSIONS.resolve(katalog)).crd("website-v1").orElseThrow()).orElseThrow();
    }

    @Test
    void reportsThatSeoIsLostGoingV1ToV1alpha1() {
        ConversionCheck.Report report = ConversionCheck.run(converter("katalog.yaml"), samples(), null);

        assertThat(report.passed()).isFalse();
        assertThat(report.missingRoutes()).isEmpty();
        assertThat(report.problems()).isEqualTo(1);
        assertThat(report.trips()).extracting(ConversionCheck.RoundTrip::describe).containsExactly(
                "cr-v1alpha1.yaml default/legacy-site v1alpha1 → v1 → v1alpha1: nothing lost",
                "cr-v1.yaml default/modern-site v1 → v1alpha1 → v1: spec.seo.enabled lost going v1 → v1alpha1 "
                        + "(was true, comes back as false)");
    }

    @Test
    void anAcknowledgedLossPasses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String yaml = java.nio.file.Files.readString(Samples.VERSIONS.resolve("katalog.yaml"))
                .replace("        updateCRD: true\n", "        updateCRD: true\n        acknowledgeLoss: [spec.seo]\n");
        java.nio.file.Files.copy(Samples.VERSIONS.resolve("crd.yaml"), dir.resolve("crd.yaml"));
        for (String cr : List.of("cr-v1alpha1.yaml", "cr-v1.yaml")) {
            java.nio.file.Files.copy(Samples.VERSIONS.resolve(cr), dir.resolve(cr));
        }
        java.nio.file.Files.writeString(dir.resolve("katalog.yaml"), yaml);
        Converter c = Converter.of(Samples.katalog(dir.resolve("katalog.yaml")).crd("website-v1").orElseThrow()).orElseThrow();

        ConversionCheck.Report report = ConversionCheck.run(c, samples(), null);

        assertThat(report.passed()).isTrue();
        assertThat(report.trips().get(1).describe()).endsWith("[acknowledged]");
    }

    @Test
    void aMissingReturnPathFailsTheTrip() {
        ConversionCheck.Report report = ConversionCheck.run(converter("seed-katalog.yaml"), samples(), null);

        assertThat(report.passed()).isFalse();
        assertThat(report.missingRoutes()).containsExactly("v1 → v1alpha1");
        assertThat(report.problems()).isEqualTo(3);
        assertThat(report.trips()).extracting(ConversionCheck.RoundTrip::describe).containsExactly(
                "cr-v1alpha1.yaml default/legacy-site v1alpha1 → v1 → v1alpha1: cannot convert back v1 → v1alpha1: no "
                        + "conversion path from v1 to v1alpha1 in website-v1 (declared: v1alpha1 → v1); add one under "
                        + "spec.crds.website-v1.conversion.paths",
                "cr-v1.yaml default/modern-site v1 → v1alpha1 → v1: cannot convert v1 → v1alpha1: no conversion path "
                        + "from v1 to v1alpha1 in website-v1 (declared: v1alpha1 → v1); add one under "
                        + "spec.crds.website-v1.conversion.paths");
    }

    @Test
    void findsVersionsNoPathConnectsWithoutSamples() {
        assertThat(ConversionCheck.run(converter("seed-katalog.yaml"), List.of(), null).missingRoutes())
                .containsExactly("v1 → v1alpha1");
        assertThat(ConversionCheck.run(converter("katalog.yaml"), List.of(), null).passed()).isTrue();
    }

    @Test
    void acknowledgementCoversAFieldAndItsChildren() {
        assertThat(ConversionCheck.covered("spec.seo.enabled", List.of("spec.seo"))).isTrue();
        assertThat(ConversionCheck.covered("spec.seo", List.of(".spec.seo"))).isTrue();
        assertThat(ConversionCheck.covered("spec.seoTitle", List.of("spec.seo"))).isFalse();
    }
}
