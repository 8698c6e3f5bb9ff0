package io.orkspace.orkestra.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionReviewHandlerTest {

    private final AdmissionReviewHandler handler = AdmissionReviewHandler.of(AdmissionTest.KATALOG);

    static byte[] review(String operation, String kind, Map<String, Object> object, Map<String, Object> oldObject) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "b0c3f1e2-0000-4000-8000-000000000001");
        request.put("kind", Map.of("group", "apps.example.io", "version", "v1", "kind", kind));
        request.put("resource", Map.of("group", "apps.example.io", "version", "v1", "resource", kind.toLowerCase() + "s"));
        request.put("operation", operation);
        request.put("namespace", object != null && object.get("metadata") instanceof Map<?, ?> m ? m.get("namespace") : "prod");
        request.put("object", object);
        request.put("oldObject", oldObject);
        request.put("userInfo", Map.of("username", "alice"));
        return Samples.json(Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> response(byte[] body) {
        Map<String, Object> review = Samples.json(body);
        assertThat(review).containsEntry("apiVersion", "admission.k8s.io/v1").containsEntry("kind", "AdmissionReview");
        Map<String, Object> response = (Map<String, Object>) review.get("response");
        assertThat(response).containsEntry("uid", "b0c3f1e2-0000-4000-8000-000000000001");
        return response;
    }

    @Test
    void allowsAValidObject() throws Exception {
        Map<String, Object> r = response(handler.validate(review("CREATE", "App", AdmissionTest.valid(Map.of()), null), null));

        assertThat(r).containsEntry("allowed", true).doesNotContainKeys("status", "warnings", "patch");
    }

    @Test
    void deniesAnInvalidObjectWithTheRulesMessageAndCauses() throws Exception {
        Map<String, Object> r = response(handler.validate(review("CREATE", "App",
                AdmissionTest.valid(Map.of("replicas", 50)), null), null));

        assertThat(r).containsEntry("allowed", false);
        assertThat(r.get("status")).isEqualTo(Map.of("status", "Failure", "reason", "Invalid", "code", 400,
                "message", "spec.replicas: replicas must not exceed 10 (got 50)",
                "details", Map.of("causes", List.of(Map.of("reason", "FieldValueInvalid", "field", "spec.replicas",
                        "message", "replicas must not exceed 10")))));
    }

    @Test
    void warnRulesBecomeWarnings() throws Exception {
        Map<String, Object> r = response(handler.validate(review("UPDATE", "App",
                AdmissionTest.valid(Map.of("image", "docker.io/x")), AdmissionTest.valid(Map.of())), null));

        assertThat(r).containsEntry("allowed", true)
                .containsEntry("warnings", List.of("spec.image: image must come from registry.example.com (got \"docker.io/x\")"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mutationReturnsABase64JsonPatch() throws Exception {
        Map<String, Object> r = response(handler.mutate(review("CREATE", "App",
                AdmissionTest.app(Map.of("engine", "postgres", "replicas", 2)), null), null));

        assertThat(r).containsEntry("allowed", true).containsEntry("patchType", "JSONPatch");
        List<Object> patch = (List<Object>) Samples.json(("{\"p\":" + new String(Base64.getDecoder().decode((String) r.get("patch")))
                + "}").getBytes()).get("p");
        assertThat(patch).containsExactly(
                Map.of("op", "add", "path", "/metadata/labels", "value", Map.of("app.kubernetes.io/name", "shop")),
                Map.of("op", "add", "path", "/spec/endpoint", "value", "shop.prod.svc"),
                Map.of("op", "add", "path", "/spec/resources", "value", Map.of("cpu", 2.0)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mutationWithNothingToChangeHasNoPatch() throws Exception {
        Map<String, Object> done = AdmissionTest.app(Map.of("engine", "postgres", "replicas", 2, "endpoint", "shop.prod.svc",
                "resources", Map.of("cpu", 1)));
        ((Map<String, Object>) done.get("metadata")).put("labels", Map.of("app.kubernetes.io/name", "x"));

        assertThat(response(handler.mutate(review("CREATE", "App", done, null), null)))
                .containsEntry("allowed", true).doesNotContainKeys("patch", "patchType");
    }

    @Test
    void aMutationRuleThatFailsDeniesNamingTheRule() throws Exception {
        Map<String, Object> r = response(handler.mutate(review("CREATE", "App",
                AdmissionTest.app(Map.of("portName", "http")), null), null));

        assertThat(r).containsEntry("allowed", false).doesNotContainKey("patch");
        assertThat(((Map<?, ?>) r.get("status")).get("message")).asString()
                .startsWith("mutation failed: spec.port: cannot convert \"http\" to an int (<input>:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void restrictedNamespacesAreForbiddenOnValidateAndMutate() throws Exception {
        Map<String, Object> cr = AdmissionTest.valid(Map.of());
        ((Map<String, Object>) cr.get("metadata")).put("namespace", "kube-system");

        for (byte[] body : List.of(handler.validate(review("CREATE", "App", cr, null), null),
                handler.mutate(review("CREATE", "App", cr, null), null))) {
            Map<String, Object> r = response(body);
            assertThat(r).containsEntry("allowed", false);
            assertThat(r.get("status")).isEqualTo(Map.of("status", "Failure", "reason", "Forbidden", "code", 403,
                    "message", "namespace kube-system is restricted for App (restrictedNamespaces: kube-*)"));
        }
    }

    @Test
    void operationsOutsideWebhooksOperationsPassUntouched() throws Exception {
        Map<String, Object> job = new LinkedHashMap<>(Map.of("apiVersion", "apps.example.io/v1", "kind", "Job",
                "metadata", Map.of("name", "j", "namespace", "batch"), "spec", Map.of()));

        assertThat(response(handler.validate(review("CREATE", "Job", job, null), null))).containsEntry("allowed", false);
        assertThat(response(handler.validate(review("UPDATE", "Job", job, job), null))).containsEntry("allowed", true);
    }

    @Test
    void deleteIsCheckedAgainstTheOldObjectWhenTheEntryAsksForDelete() throws Exception {
        String katalog = AdmissionTest.APPS.replace("operations: [CREATE]", "operations: [CREATE, DELETE]");
        AdmissionReviewHandler h = AdmissionReviewHandler.of(Samples.katalog(katalog));
        Map<String, Object> job = Map.of("apiVersion", "apps.example.io/v1", "kind", "Job",
                "metadata", Map.of("name", "j", "namespace", "batch"), "spec", Map.of());

        Map<String, Object> r = response(h.validate(review("DELETE", "Job", null, job), null));

        assertThat(r).containsEntry("allowed", false);
        assertThat(response(h.mutate(review("DELETE", "Job", null, job), null))).containsEntry("allowed", true);
    }

    @Test
    void routesByTheEntryInThePath() throws Exception {
        // an App sent to the job entry's route is checked with the job entry's rules
        Map<String, Object> r = response(handler.validate(review("CREATE", "App", AdmissionTest.valid(Map.of()), null), "job"));

        assertThat(((Map<?, ?>) r.get("status")).get("message")).isEqualTo(
                "namespace prod is not allowed for Job (allowedNamespaces: batch, team-*)");
        assertThatThrownBy(() -> handler.validate(review("CREATE", "App", AdmissionTest.valid(Map.of()), null), "nope"))
                .isInstanceOfSatisfying(BadReviewException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aKindNoEntryCoversIsAllowed() throws Exception {
        Map<String, Object> other = Map.of("metadata", Map.of("name", "o", "namespace", "kube-system"));

        assertThat(response(handler.validate(review("CREATE", "Other", other, null), null))).containsEntry("allowed", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "[1,2]", "\"AdmissionReview\"",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"ConversionReview\",\"request\":{}}",
        "{\"apiVersion\":\"admission.k8s.io/v2\",\"kind\":\"AdmissionReview\",\"request\":{}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":null}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"kind\":{\"kind\":\"App\"},\"operation\":\"CREATE\",\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":\"App\",\"operation\":\"CREATE\",\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"group\":7,\"kind\":\"App\"},\"operation\":\"CREATE\",\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"operation\":\"PATCH\",\"object\":{}}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"operation\":\"CREATE\"}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"operation\":\"CREATE\",\"object\":\"x\"}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"operation\":\"UPDATE\",\"object\":{},\"oldObject\":[]}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"App\"},\"operation\":\"CREATE\",\"object\":{},\"namespace\":{}}}",
    })
    void aMalformedReviewIsA400OnBothRoutes(String body) {
        for (boolean validate : new boolean[] {true, false}) {
            assertThatThrownBy(() -> {
                if (validate) {
                    handler.validate(Samples.bytes(body), null);
                } else {
                    handler.mutate(Samples.bytes(body), null);
                }
            }).isInstanceOfSatisfying(BadReviewException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            });
        }
    }

    @Test
    void hostileObjectsAreAnsweredNotThrown() throws Exception {
        Map<String, Object> weird = new LinkedHashMap<>();
        weird.put("metadata", "not-a-map");
        weird.put("spec", List.of(1, 2, 3));

        assertThat(response(handler.validate(review("CREATE", "App", weird, null), null))).containsEntry("allowed", false);
        assertThat(response(handler.mutate(review("CREATE", "App", weird, null), null))).containsEntry("allowed", false);
    }
}
