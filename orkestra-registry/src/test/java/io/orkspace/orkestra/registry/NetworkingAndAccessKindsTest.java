package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingresses, NetworkPolicies, ServiceAccounts, Roles and RoleBindings. */
class NetworkingAndAccessKindsTest {

    private static Map<String, Object> entry(Object... kv) {
        Map<String, Object> f = fields("name", "x", "namespace", "default");
        f.putAll(fields(kv));
        return f;
    }

    @Test
    void routesAnIngressPathToTheServicePort() throws Exception {
        Ingress ing = build("ingresses", entry("host", "blog.example.com", "serviceName", "blog-svc", "servicePort", 80));

        var path = ing.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo("blog-svc");
        assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
    }

    @Test
    void defaultsTheIngressTlsSecretAndHosts() throws Exception {
        Ingress ing = build("ingresses", entry("host", "blog.example.com", "serviceName", "s", "servicePort", 80, "tls", Map.of()));

        assertThat(ing.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getHosts()).containsExactly("blog.example.com");
            assertThat(t.getSecretName()).isEqualTo("x-tls");
        });
    }

    @Test
    void rejectsAnIngressWithoutBackendOrWithACertificateToGenerate() {
        assertThatThrownBy(() -> build("ingresses", entry("servicePort", 80))).hasMessage("serviceName: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("ingresses", entry("serviceName", "s"))).hasMessage("servicePort: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("ingresses", entry("serviceName", "s", "servicePort", 80, "pathType", "Regex")))
                .hasMessage("pathType: expected one of Prefix, Exact, ImplementationSpecific, got \"Regex\"");
        assertThatThrownBy(() -> build("ingresses", entry("serviceName", "s", "servicePort", 80, "tls", Map.of("create", true))))
                .hasMessageStartingWith("tls.create: generating a self-signed certificate is not supported yet");
    }

    @Test
    void derivesNetworkPolicyTypesFromTheDirectionsDeclared() throws Exception {
        NetworkPolicy ingressOnly = build("networkPolicies", entry("ingress", List.of()));
        NetworkPolicy egressOnly = build("networkPolicies", entry("egress", List.of(Map.of("to", List.of(Map.of("podSelector", Map.of()))))));
        NetworkPolicy explicit = build("networkPolicies", entry("policyTypes", List.of("egress", "ingress")));

        assertThat(ingressOnly.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(egressOnly.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(explicit.getSpec().getPolicyTypes()).containsExactly("Egress", "Ingress");
    }

    @Test
    void rejectsANetworkPolicyProfileWithRulesAndUnknownPeerFields() {
        assertThatThrownBy(() -> build("networkPolicies", entry("profile", "deny-all", "ingress", List.of())))
                .hasMessage("profile and ingress: set a profile or explicit rules, not both");
        assertThatThrownBy(() -> build("networkPolicies", entry("profile", "open")))
                .hasMessageStartingWith("profile: unknown profile \"open\" (known: deny-all, ");
        assertThatThrownBy(() -> build("networkPolicies", entry("ingress", List.of(Map.of("from", List.of(Map.of("podSelektor", Map.of())))))))
                .hasMessageStartingWith("ingress[0].from[0].podSelektor: unknown field");
    }

    @Test
    void buildsAServiceAccountWithMetadataOnly() throws Exception {
        ServiceAccount sa = build("serviceAccounts", entry());

        assertThat(sa.getMetadata().getName()).isEqualTo("x");
        assertThat(sa.getSecrets()).isNullOrEmpty();
        assertThat(Entries.handler("serviceAccounts").defaultName()).isEqualTo("{{ .metadata.name }}-sa");
    }

    @Test
    void grantsRoleRulesInTheCoreGroupWhenNoneIsNamed() throws Exception {
        Role role = build("roles", entry("rules", List.of(Map.of("resources", List.of("pods"), "verbs", List.of("get")))));

        assertThat(role.getRules().get(0).getApiGroups()).containsExactly("");
    }

    @Test
    void rejectsARoleWithoutRulesOrVerbs() {
        assertThatThrownBy(() -> build("roles", entry())).hasMessage("rules: at least one rule is required");
        assertThatThrownBy(() -> build("roles", entry("rules", List.of(Map.of("resources", List.of("pods"))))))
                .hasMessage("rules[0].verbs: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("roles", entry("rules", List.of(Map.of("nonResourceURLs", List.of("/x"), "verbs", List.of("get"))))))
                .hasMessageStartingWith("rules[0].nonResourceURLs: unknown field");
    }

    @Test
    void bindsARoleToServiceAccountsOfTheBindingsNamespaceByDefault() throws Exception {
        RoleBinding rb = build("roleBindings", entry("roleRef", Map.of("name", "r"), "subjects", List.of(Map.of("name", "sa"))));

        assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(rb.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo("default");
        });
    }

    @Test
    void rejectsABindingWithoutRoleRefOrSubjects() {
        assertThatThrownBy(() -> build("roleBindings", entry("subjects", List.of(Map.of("name", "sa")))))
                .hasMessage("roleRef: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("roleBindings", entry("roleRef", Map.of("name", "r"))))
                .hasMessage("subjects: at least one subject is required");
        assertThatThrownBy(() -> build("clusterRoleBindings", fields("name", "b", "roleRef", Map.of("name", "r", "kind", "Role"),
                "subjects", List.of(Map.of("name", "sa")))))
                .hasMessage("roleRef.kind: expected one of ClusterRole, got \"Role\"");
    }
}
