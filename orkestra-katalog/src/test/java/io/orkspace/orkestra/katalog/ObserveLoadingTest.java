package io.orkspace.orkestra.katalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code operatorBox.observe} and built-in primary kinds, as the loader binds them. */
class ObserveLoadingTest {

    private final KatalogLoader loader = KatalogLoader.create();

    @Test
    void bindsWatchesAndEventDeclarationsWithTheirDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("observe.yaml"), """
                watch:
                  - {apiVersion: v1, kind: Secret, keyFrom: {label: app.example.com/owner}}
                events:
                  dbReady: {reason: FromFile}
                  dbFailed: {reason: DatabaseFailed, type: Warning}
                """);
        Path file = dir.resolve("katalog.yaml");
        Files.writeString(file, """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    app:
                      apiTypes: {group: demo.orkestra.io, version: v1, kind: App, plural: apps}
                      operatorBox:
                        observe:
                          include: ./observe.yaml
                          watch:
                            - apiVersion: v1
                              kind: ConfigMap
                              namespace: config
                              name: feature-flags
                              on: [update]
                          events:
                            dbReady:
                              reason: DatabaseReady
                              regarding: {apiVersion: databases.example.com/v1, kind: Database}
                              keyFrom: {name: shop, namespace: default}
                """);

        Observe observe = loader.load(file).crd("app").orElseThrow().operatorBox().observe();

        assertThat(observe.watch()).hasSize(2);
        Observe.Watch secret = observe.watch().get(0); // the included file's list comes first
        assertThat(secret.kind()).isEqualTo("Secret");
        assertThat(secret.on()).isEqualTo(Observe.On.ALL);
        assertThat(secret.keyFrom()).contains(new Observe.KeyFrom("app.example.com/owner", null, null));
        Observe.Watch flags = observe.watch().get(1);
        assertThat(flags.namespace()).isEqualTo("config");
        assertThat(flags.name()).isEqualTo("feature-flags");
        assertThat(flags.on()).containsExactly(Observe.On.UPDATE);
        assertThat(flags.keyFrom()).isEmpty();

        assertThat(observe.events()).containsOnlyKeys("dbReady", "dbFailed");
        Observe.EventWatch ready = observe.events().get("dbReady"); // inline wins over the file's declaration
        assertThat(ready.reason()).isEqualTo("DatabaseReady");
        assertThat(ready.regarding()).contains(new Observe.ObjectMatch("databases.example.com/v1", "Database", null, null));
        assertThat(ready.keyFrom()).contains(new Observe.KeyFrom(null, "shop", "default"));
        assertThat(observe.events().get("dbFailed").type()).isEqualTo("Warning");
    }

    @Test
    void aBuiltInKindNeedsOnlyItsKindAndALabelSelector() throws Exception {
        Katalog k = loader.parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    settings:
                      apiTypes: {kind: ConfigMap}
                      labelSelector: {app.example.com/settings: "true"}
                    workloads:
                      apiTypes: {kind: Deployment}
                      labelSelector: {tier: web}
                    nodes:
                      apiTypes: {kind: Node}
                      labelSelector: {pool: gpu}
                    websites:
                      apiTypes: {group: demo.orkestra.io, version: v1, kind: Website, plural: websites}
                """, Path.of("katalog.yaml"));

        CrdEntry settings = k.crd("settings").orElseThrow();
        assertThat(settings.apiTypes()).isEqualTo(new ApiTypes("", "v1", "ConfigMap", "configmaps"));
        assertThat(settings.apiTypes().builtIn()).isTrue();
        assertThat(settings.namespaced()).isTrue();
        assertThat(settings.labelSelector()).isEqualTo(Map.of("app.example.com/settings", "true"));
        assertThat(k.crd("workloads").orElseThrow().apiTypes()).isEqualTo(new ApiTypes("apps", "v1", "Deployment", "deployments"));
        assertThat(k.crd("nodes").orElseThrow().namespaced()).isFalse();
        assertThat(k.crd("websites").orElseThrow().apiTypes().builtIn()).isFalse();
        assertThat(k.crd("websites").orElseThrow().operatorBox().observe()).isEqualTo(Observe.NONE);
        assertThat(Optional.of(k.crd("websites").orElseThrow().operatorBox().observe().isEmpty())).contains(true);
    }
}
