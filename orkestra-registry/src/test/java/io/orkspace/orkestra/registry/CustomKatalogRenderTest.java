package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.KatalogLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** custom entries from Katalog text to objects: the reference's metadata layout, and the scope discovery gives. */
class CustomKatalogRenderTest {

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: k}
            spec:
              crds:
                tenant:
                  namespaced: %s
                  apiTypes: {group: platform.orkestra.io, version: v1, kind: Tenant, plural: tenants}
                  operatorBox:
                    onReconcile:
                      custom:
                        - apiVersion: cert-manager.io/v1
                          kind: Certificate
                          metadata:
                            name: "{{ .metadata.name }}-tls"
                            namespace: "%s"
                          spec: {secretName: "{{ .metadata.name }}-tls", dnsNames: ["{{ .spec.host }}"]}
                        - apiVersion: cert-manager.io/v1
                          kind: ClusterIssuer
                          metadata: {name: "{{ .metadata.name }}-issuer"}
                          spec: {selfSigned: {}}
            """;

    /** What discovery says of cert-manager's kinds. */
    private static final KindScopes CERT_MANAGER = (apiVersion, kind) -> switch (kind) {
        case "Certificate" -> Optional.of(true);
        case "ClusterIssuer" -> Optional.of(false);
        default -> Optional.empty();
    };

    @Test
    void aNamespacedCrsCustomChildrenTakeTheirScopeFromDiscovery() throws Exception {
        ChildRenderer.Result result = render(true, "{{ .metadata.namespace }}", CERT_MANAGER,
                Map.of("apiVersion", "platform.orkestra.io/v1", "kind", "Tenant",
                        "metadata", Map.of("name", "acme", "namespace", "web", "uid", "u-1"), "spec", Map.of("host", "acme.example.com")));

        assertThat(result.errors()).isEmpty();
        HasMetadata certificate = result.children().get(0).object();
        assertThat(certificate.getMetadata().getName()).isEqualTo("acme-tls");
        assertThat(certificate.getMetadata().getNamespace()).isEqualTo("web");
        assertThat(certificate.getMetadata().getOwnerReferences()).hasSize(1);
        HasMetadata issuer = result.children().get(1).object();
        assertThat(issuer.getMetadata().getNamespace()).isNull();
        assertThat(issuer.getMetadata().getOwnerReferences()).as("cluster-scoped child of a namespaced CR").isNullOrEmpty();
    }

    @Test
    void aClusterScopedCrOwnsItsClusterScopedCustomChildAndNamesTheNamespaceOfTheOthers() throws Exception {
        ChildRenderer.Result result = render(false, "certs", CERT_MANAGER,
                Map.of("apiVersion", "platform.orkestra.io/v1", "kind", "Tenant",
                        "metadata", Map.of("name", "acme", "uid", "u-1"), "spec", Map.of("host", "acme.example.com")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.children().get(0).object().getMetadata().getNamespace()).isEqualTo("certs");
        HasMetadata issuer = result.children().get(1).object();
        assertThat(issuer.getMetadata().getNamespace()).isNull();
        assertThat(issuer.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getUid()).isEqualTo("u-1"));
    }

    @Test
    void offlineACustomKindIsNamespaced() throws Exception {
        ChildRenderer.Result result = render(true, "{{ .metadata.namespace }}", KindScopes.UNKNOWN,
                Map.of("metadata", Map.of("name", "acme", "namespace", "web"), "spec", Map.of("host", "acme.example.com")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.children().get(1).object().getMetadata().getNamespace()).isEqualTo("web");
    }

    private static ChildRenderer.Result render(boolean namespaced, String certificateNamespace, KindScopes scopes,
                                               Map<String, Object> cr) throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        CrdEntry crd = loader.parse(KATALOG.formatted(namespaced, certificateNamespace), null).crd("tenant").orElseThrow();
        return new ChildRenderer(KindHandlers.builtIn(scopes), loader.templates()).render(crd, cr, ChildRenderer.Phase.RECONCILE);
    }
}
