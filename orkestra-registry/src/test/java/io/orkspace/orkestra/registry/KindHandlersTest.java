package io.orkspace.orkestra.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KindHandlersTest {

    @Test
    void findsTheFirstKindsUnderTheirKatalogKeys() {
        KindHandlers handlers = KindHandlers.builtIn();

        assertThat(handlers.forKey("deployments")).map(KindHandler::kind).contains("Deployment");
        assertThat(handlers.forKey("services")).map(KindHandler::kind).contains("Service");
        assertThat(handlers.forKey("configMaps")).map(KindHandler::kind).contains("ConfigMap");
        assertThat(handlers.forKey("secrets")).map(KindHandler::kind).contains("Secret");
    }

    @Test
    void findsAKindUnderItsLowerCaseSpellingToo() {
        assertThat(KindHandlers.builtIn().forKey("configmaps")).map(KindHandler::key).contains("configMaps");
    }

    @Test
    void describesEachKindAsTheApiServerServesIt() {
        KindHandler deployments = KindHandlers.builtIn().forKey("deployments").orElseThrow();

        assertThat(List.of(deployments.apiVersion(), deployments.kind(), deployments.plural(), deployments.namespaced()))
                .containsExactly("apps/v1", "Deployment", "deployments", true);
    }
}
