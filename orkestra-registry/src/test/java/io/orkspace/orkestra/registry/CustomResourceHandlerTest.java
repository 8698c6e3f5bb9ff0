package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomResourceHandlerTest {

    private static Map<String, Object> certificate(Object... kv) {
        Map<String, Object> f = fields("name", "blog-tls", "namespace", "default", "apiVersion", "cert-manager.io/v1", "kind", "Certificate");
        f.putAll(fields(kv));
        return f;
    }

    @Test
    void writesTheSpecAsDeclaredUnderTheEntrysApiVersionAndKind() throws Exception {
        Map<String, Object> spec = Map.of("secretName", "s", "dnsNames", List.of("a.example.com"), "duration", "2160h");
        GenericKubernetesResource r = build("custom", certificate("spec", spec));

        assertThat(r.getApiVersion()).isEqualTo("cert-manager.io/v1");
        assertThat(r.getKind()).isEqualTo("Certificate");
        assertThat(r.getAdditionalProperties().get("spec")).isEqualTo(spec);
        assertThat(r.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(r.getMetadata().getOwnerReferences()).hasSize(1);
    }

    @Test
    void takesNameNamespaceAndLabelsFromItsMetadata() throws Exception {
        GenericKubernetesResource r = build("custom", certificate("metadata",
                Map.of("name", "other", "namespace", "certs", "labels", Map.of("app", "blog"), "annotations", Map.of("a", "b"))));

        assertThat(r.getMetadata().getName()).isEqualTo("other");
        assertThat(r.getMetadata().getNamespace()).isEqualTo("certs");
        assertThat(r.getMetadata().getLabels()).containsEntry("app", "blog").containsEntry("orkestra-owner", "blog");
        assertThat(r.getMetadata().getAnnotations()).containsEntry("a", "b");
    }

    @Test
    void leavesStatusOutOfTheObject() throws Exception {
        GenericKubernetesResource r = build("custom", certificate("status", Map.of("ready", true), "hasStatus", true));

        assertThat(r.getAdditionalProperties()).doesNotContainKey("status");
    }

    @Test
    void copiesTheSpecSoTheObjectSharesNothingWithTheRenderedFields() throws Exception {
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("replicas", 1));
        GenericKubernetesResource r = build("custom", certificate("spec", spec));
        spec.put("replicas", 2);

        assertThat(r.getAdditionalProperties().get("spec")).isEqualTo(Map.of("replicas", 1));
    }

    @Test
    void rejectsAnEntryWithoutApiVersionOrKindOrWithAMalformedOne() {
        assertThatThrownBy(() -> build("custom", fields("name", "x", "namespace", "d", "kind", "Certificate")))
                .hasMessage("apiVersion: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("custom", fields("name", "x", "namespace", "d", "apiVersion", "v1")))
                .hasMessage("kind: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("custom", certificate("apiVersion", "cert-manager.io")))
                .hasMessageStartingWith("apiVersion: expected group/version");
        assertThatThrownBy(() -> build("custom", certificate("spec", "secretName: s")))
                .hasMessage("spec: expected a map, got \"secretName: s\"");
        assertThatThrownBy(() -> build("custom", certificate("metadata", Map.of("namespaced", false, "namespace", "x"))))
                .hasMessage("metadata.namespace: a cluster-scoped object (metadata.namespaced: false) has no namespace");
    }
}
