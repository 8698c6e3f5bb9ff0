package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("unchecked")
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
                .hasMessage("metadata.namespace: a cluster-scoped Certificate has no namespace (leave metadata.namespace out)");
    }

    @Test
    void takesTheScopeFromDiscoveryUnlessTheEntrySaysIt() throws Exception {
        KindScopes discovery = (apiVersion, kind) -> "ClusterIssuer".equals(kind) ? Optional.of(false) : Optional.empty();
        KindHandler h = KindHandlers.builtIn(discovery).forKey("custom").orElseThrow();
        Map<String, Object> issuer = fields("name", "blog-issuer", "apiVersion", "cert-manager.io/v1", "kind", "ClusterIssuer");

        assertThat(h.namespaced(issuer)).isFalse();
        GenericKubernetesResource r = (GenericKubernetesResource) h.build(issuer, Entries.WEBSITE);
        assertThat(r.getMetadata().getNamespace()).isNull();
        assertThat(r.getMetadata().getOwnerReferences()).as("no owner reference from a namespaced CR").isNullOrEmpty();

        assertThat(h.namespaced(certificate())).as("not known to discovery: namespaced").isTrue();
        assertThat(h.namespaced(fields("apiVersion", "cert-manager.io/v1", "kind", "ClusterIssuer",
                "metadata", Map.of("namespaced", "true")))).as("the entry wins").isTrue();
        assertThat(Entries.handler("custom").namespaced(issuer)).as("offline: namespaced").isTrue();
    }

    @Test
    void knowsAnEntrysKindBeforeRenderingFromItsLiteralApiVersionAndKind() throws Exception {
        io.orkspace.orkestra.katalog.Katalog k = io.orkspace.orkestra.katalog.KatalogLoader.create().parse("""
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
                            - {apiVersion: test.orkestra.io/v1, kind: Database, metadata: {name: db}}
                          deployments:
                            - image: nginx
                """, null);
        var box = k.crd("website").orElseThrow().operatorBox().onCreate().resources();
        KindHandlers handlers = KindHandlers.builtIn();

        assertThat(handlers.kindOf(box.get("custom").get(0))).contains(new ChildKind("test.orkestra.io/v1", "Database", null));
        assertThat(handlers.kindOf(box.get("custom").get(0)).orElseThrow().custom()).isTrue();
        assertThat(handlers.kindOf(box.get("deployments").get(0))).contains(new ChildKind("apps/v1", "Deployment", "deployments"));
    }

    @Test
    void aCustomResourceWaitsWhileItsControllerHasNotSeenTheLatestSpec() {
        GenericKubernetesResource live = io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                {"apiVersion": "test.orkestra.io/v1", "kind": "Database", "metadata": {"name": "db", "generation": 3},
                 "status": {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True"}]}}
                """, GenericKubernetesResource.class);

        assertThat(Entries.handler("custom").readiness(live)).isEqualTo(Readiness.waiting("its controller has not seen the latest spec yet"));
        ((Map<String, Object>) live.getAdditionalProperties().get("status")).put("observedGeneration", 3);
        assertThat(Entries.handler("custom").readiness(live)).isEqualTo(Readiness.READY);
    }
}
