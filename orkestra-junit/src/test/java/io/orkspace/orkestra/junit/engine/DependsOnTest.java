package io.orkspace.orkestra.junit.engine;

import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5: {@code dependsOn} between CRD entries orders the operators' start; both then run. */
@OrkestraTest
class DependsOnTest {

    @Test
    void theDependentOperatorStartsAfterItsDependencyAndBothReconcile(OrkestraHarness h) throws Exception {
        Orkestra engine = h.start(Path.of("src/test/resources/katalogs/depends-on.yaml"));

        assertThat(engine.health()).containsOnlyKeys("database", "webapp").containsValues(true, true);
        assertThat(engine.health().keySet()).as("start order: dependencies first").containsExactly("database", "webapp");
        h.apply("""
                apiVersion: test.orkestra.io/v1
                kind: Database
                metadata: {name: main}
                spec: {size: small}
                ---
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: shop}
                spec: {database: main}
                """);
        h.awaitReady("test.orkestra.io/v1", "Database", "main");
        h.awaitReady("test.orkestra.io/v1", "Webapp", "shop");
        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("shop-web").get().getData()).containsEntry("db", "main");
        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("main-db").get().getData()).containsEntry("size", "small");
    }
}
