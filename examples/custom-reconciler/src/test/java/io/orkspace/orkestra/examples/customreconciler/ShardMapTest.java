package io.orkspace.orkestra.examples.customreconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ShardMap operator ({@code reconciler.default: false}) on the embedded API server. */
class ShardMapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka");

    private EmbeddedCluster cluster;
    private KubernetesClient client;
    private Orkestra engine;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedCluster.start();
        client = cluster.client();
        try (InputStream crd = Files.newInputStream(Path.of("crd.yaml"))) {
            client.load(crd).serverSideApply();
        }
        // no .hook(...): ShardAssigner is found through META-INF/services, as the launcher's --hooks folder would find it
        engine = Orkestra.builder().client(client).katalog(Path.of("katalog.yaml")).build().start();
    }

    @AfterEach
    void stop() {
        engine.close();
        cluster.close();
    }

    @Test
    void assignsEveryTenantToAShardInAConfigMapOwnedByTheShardMap() throws Exception {
        applyCr();

        await().atMost(WAIT).until(() -> configMap() != null);
        ConfigMap cm = configMap();
        assertThat(cm.getData()).containsOnlyKeys(TENANTS).allSatisfy((tenant, shard) -> assertThat(shard).isIn("shard-0", "shard-1", "shard-2"));
        assertThat(cm.getData()).isEqualTo(ShardAssigner.assign(TENANTS, 3));
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("ShardMap");
            assertThat(ref.getName()).isEqualTo("tenants");
        });
        await().atMost(WAIT).until(() -> "True".equals(ready().get("status")));
        assertThat(ready()).containsEntry("reason", "Reconciled").containsEntry("message", "the reconciler shard-assigner succeeded");
        assertThat(status()).containsEntry("configMap", "tenants-shards").containsEntry("tenants", 8).containsEntry("shards", 3);
    }

    @Test
    void addingAShardMovesOnlyTheTenantsThatNowRankItFirst() throws Exception {
        applyCr();
        await().atMost(WAIT).until(() -> configMap() != null);
        Map<String, String> before = configMap().getData();

        // a merge patch without resourceVersion: the engine writes the same object (finalizer, status) meanwhile
        cr().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"shards\":4}}");

        await().atMost(WAIT).until(() -> Integer.valueOf(4).equals(status().get("shards")));
        Map<String, String> after = configMap().getData();
        assertThat(after).isEqualTo(ShardAssigner.assign(TENANTS, 4));
        Map<String, String> moved = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(moved).isNotEmpty().hasSizeLessThan(TENANTS.size()).allSatisfy((tenant, shard) -> assertThat(shard).isEqualTo("shard-3"));
    }

    @Test
    void aDeletedConfigMapIsRecreatedBecauseItsKindIsAManagedResource() throws Exception {
        applyCr();
        await().atMost(WAIT).until(() -> configMap() != null);
        String firstUid = configMap().getMetadata().getUid();

        client.configMaps().inNamespace("default").withName("tenants-shards").delete();

        await().atMost(WAIT).until(() -> configMap() != null && !configMap().getMetadata().getUid().equals(firstUid));
        assertThat(configMap().getData()).isEqualTo(ShardAssigner.assign(TENANTS, 3));
    }

    @Test
    void anInvalidShardCountIsReportedOnTheShardMapAndNothingIsWritten() throws Exception {
        GenericKubernetesResource sm = load();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) sm.getAdditionalProperties().get("spec");
        spec.put("shards", 0);
        client.resource(sm).create();

        await().atMost(WAIT).until(() -> "InvalidShards".equals(ready().get("reason")));
        assertThat(ready()).containsEntry("status", "False").containsEntry("message", "spec.shards must be at least 1, got 0");
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "InvalidShards".equals(e.getReason()) && "Warning".equals(e.getType())));
        assertThat(configMap()).isNull();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private GenericKubernetesResource load() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("cr.yaml"))) {
            return client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
        }
    }

    private void applyCr() throws Exception {
        client.resource(load()).create();
    }

    private Resource<GenericKubernetesResource> cr() {
        return client.genericKubernetesResources("demo.orkestra.io/v1alpha1", "ShardMap").inNamespace("default").withName("tenants");
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace("default").withName("tenants-shards").get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        GenericKubernetesResource sm = cr().get();
        Object status = sm == null ? null : sm.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> ready() {
        if (status().get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && "Ready".equals(m.get("type"))) {
                    return (Map<String, Object>) m;
                }
            }
        }
        return Map.of();
    }
}
