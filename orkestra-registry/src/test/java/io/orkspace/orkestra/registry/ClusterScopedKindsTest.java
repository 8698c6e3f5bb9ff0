package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster-scoped children: the API forbids an owner reference from a namespaced owner (the garbage collector would
 * delete the child at once), so they carry only the labels, by which the finalizer finds and removes them. A
 * cluster-scoped owner does own them.
 */
class ClusterScopedKindsTest {

    static Stream<Map<String, Object>> clusterScopedEntries() {
        Map<String, Object> rules = fields("rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("nodes"), "verbs", List.of("get"))));
        Map<String, Object> binding = fields("roleRef", Map.of("name", "r"), "subjects", List.of(Map.of("name", "sa", "namespace", "default")));
        return Stream.of(
                with("namespaces", fields()),
                with("clusterRoles", rules),
                with("clusterRoleBindings", binding),
                with("custom", fields("apiVersion", "cert-manager.io/v1", "kind", "ClusterIssuer", "metadata", Map.of("namespaced", false),
                        "namespace", "default")));
    }

    private static Map<String, Object> with(String key, Map<String, Object> f) {
        Map<String, Object> m = fields("key", key, "name", "child");
        m.putAll(f);
        return m;
    }

    @ParameterizedTest
    @MethodSource("clusterScopedEntries")
    void getsNoOwnerReferenceFromANamespacedCrButKeepsTheLabels(Map<String, Object> entry) throws Exception {
        HasMetadata o = build(entry, Entries.WEBSITE);

        assertThat(o.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(o.getMetadata().getNamespace()).isNull();
        assertThat(o.getMetadata().getLabels()).containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", "blog");
    }

    @ParameterizedTest
    @MethodSource("clusterScopedEntries")
    void isOwnedByAClusterScopedCr(Map<String, Object> entry) throws Exception {
        HasMetadata o = build(entry, Entries.TENANT);

        assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies((OwnerReference r) -> {
            assertThat(r.getKind()).isEqualTo("Tenant");
            assertThat(r.getController()).isTrue();
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });
    }

    @ParameterizedTest
    @MethodSource("clusterScopedEntries")
    void saysItIsClusterScopedUnlessItIsCustom(Map<String, Object> entry) {
        KindHandler h = Entries.handler((String) entry.get("key"));
        assertThat(h.namespaced()).isEqualTo(h.key().equals("custom"));
    }

    private static HasMetadata build(Map<String, Object> entry, Owner owner) throws InvalidEntryException {
        Map<String, Object> f = new java.util.LinkedHashMap<>(entry);
        String key = (String) f.remove("key");
        return Entries.build(key, f, owner);
    }
}
