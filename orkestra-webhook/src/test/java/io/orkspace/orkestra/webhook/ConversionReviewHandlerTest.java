package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Katalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionReviewHandlerTest {

    private static final Katalog VERSIONS = Samples.katalog(Samples.VERSIONS.resolve("katalog.yaml"));
    private final ConversionReviewHandler handler = ConversionReviewHandler.of(VERSIONS);

    static byte[] review(String desired, Object... objects) {
        return Samples.json(Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "ConversionReview",
                "request", Map.of("uid", "705ab4f5-6393-11e8-b7cc-42010a800002", "desiredAPIVersion", desired,
                        "objects", List.of(objects))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> response(byte[] body) {
        Map<String, Object> review = Samples.json(body);
        assertThat(review).containsEntry("apiVersion", "apiextensions.k8s.io/v1").containsEntry("kind", "ConversionReview");
        return (Map<String, Object>) review.get("response");
    }

    @Test
    void convertsEveryObjectAndEchoesTheUid() throws Exception {
        Map<String, Object> a = Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml"));
        Map<String, Object> b = Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"));

        Map<String, Object> response = response(handler.handle(review("demo.orkestra.io/v1", a, b), null));

        assertThat(response).containsEntry("uid", "705ab4f5-6393-11e8-b7cc-42010a800002")
                .containsEntry("result", Map.of("status", "Success"));
        assertThat((List<?>) response.get("convertedObjects")).hasSize(2).allSatisfy(o ->
                assertThat(((Map<?, ?>) o).get("apiVersion")).isEqualTo("demo.orkestra.io/v1"));
        assertThat(((Map<?, ?>) ((List<?>) response.get("convertedObjects")).get(0)).get("spec"))
                .isEqualTo(Map.of("image", "nginx:1.25", "replicas", 2, "seo", Map.of("enabled", false)));
    }

    @Test
    void failsTheWholeReviewNamingEachObjectThatCouldNotBeConverted() throws Exception {
        Katalog seed = Samples.katalog(Samples.VERSIONS.resolve("seed-katalog.yaml"));
        Map<String, Object> ok = Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml"));
        Map<String, Object> bad = Samples.yaml(Samples.VERSIONS.resolve("cr-v1.yaml"));

        Map<String, Object> response = response(ConversionReviewHandler.of(seed)
                .handle(review("demo.orkestra.io/v1alpha1", ok, bad), null));

        assertThat(response.get("convertedObjects")).isEqualTo(List.of());
        assertThat(response.get("result")).isEqualTo(Map.of("status", "Failure", "message",
                "1 of 2 objects could not be converted: default/modern-site: no conversion path from v1 to v1alpha1 in "
                        + "website-v1 (declared: v1alpha1 → v1); add one under spec.crds.website-v1.conversion.paths"));
    }

    @Test
    void routesByTheEntryNamedInThePathOrByGroupAndKind() throws Exception {
        Map<String, Object> a = Samples.yaml(Samples.VERSIONS.resolve("cr-v1alpha1.yaml"));

        assertThat(response(handler.handle(review("demo.orkestra.io/v1", a), "website-v1")).get("result"))
                .isEqualTo(Map.of("status", "Success"));
        // the v1alpha1 entry has no conversion block of its own: the one for its kind is used
        assertThat(response(handler.handle(review("demo.orkestra.io/v1", a), "website-v1alpha1")).get("result"))
                .isEqualTo(Map.of("status", "Success"));
        assertThat(handler.converterFor("website-v1alpha1")).map(Converter::entryName).contains("website-v1");
    }

    @Test
    void aKindNobodyConvertsIsAFailedReviewNotAnError() throws Exception {
        Map<String, Object> other = Map.of("apiVersion", "x.io/v1", "kind", "Other", "metadata", Map.of("name", "o"));

        Map<String, Object> response = response(handler.handle(review("x.io/v2", other), null));

        assertThat(response.get("result")).isEqualTo(Map.of("status", "Failure", "message",
                "no CRD entry declares conversion for Other in group x.io"));
    }

    @Test
    void anEmptyObjectListSucceeds() throws Exception {
        assertThat(response(handler.handle(review("demo.orkestra.io/v1"), null)).get("result"))
                .isEqualTo(Map.of("status", "Success"));
    }

    @Test
    void anUnknownEntryIsA404() {
        assertThatThrownBy(() -> handler.handle(review("demo.orkestra.io/v1"), "nope"))
                .isInstanceOfSatisfying(BadReviewException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageStartingWith("no CRD entry \"nope\" in this Katalog");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "null", "42", "{\"kind\":\"ConversionReview\"}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
        "{\"apiVersion\":\"v9\",\"kind\":\"ConversionReview\",\"request\":{}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\"}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":[]}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"desiredAPIVersion\":\"a/v1\",\"objects\":[]}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":1,\"desiredAPIVersion\":\"a/v1\",\"objects\":[]}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"u\",\"objects\":[]}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"u\",\"desiredAPIVersion\":\"a/v1\"}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"u\",\"desiredAPIVersion\":\"a/v1\",\"objects\":{}}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"u\",\"desiredAPIVersion\":\"a/v1\",\"objects\":[1]}}",
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"u\"}} trailing",
        "{\"kind\":\"ConversionReview\",\"kind\":\"ConversionReview\"}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    })
    void aMalformedReviewIsA400WithOneLineSayingWhy(String body) {
        assertThatThrownBy(() -> handler.handle(Samples.bytes(body), null))
                .isInstanceOfSatisfying(BadReviewException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                });
    }
}
