package io.orkspace.orkestra.engine.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveComparisonTest {

    private static final Map<String, Object> DESIRED = Map.of(
            "apiVersion", "apps/v1", "kind", "Deployment",
            "metadata", Map.of("name", "blog", "labels", Map.of("managed-by", "orkestra")),
            "spec", Map.of("replicas", 3, "template", Map.of("spec", Map.of("containers",
                    List.of(Map.of("name", "app", "image", "nginx:1.27", "ports", List.of(Map.of("containerPort", 8080))))))));

    @Test
    void fieldsAddedByTheServerOrOthersDoNotCountAsDrift() {
        Map<String, Object> live = Map.of(
                "apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "blog", "uid", "u1", "resourceVersion", "7",
                        "labels", Map.of("managed-by", "orkestra", "team", "web")),
                "spec", Map.of("replicas", 3L, "revisionHistoryLimit", 10, "template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "app", "image", "nginx:1.27", "imagePullPolicy", "IfNotPresent",
                                "ports", List.of(Map.of("containerPort", 8080, "protocol", "TCP"))))))),
                "status", Map.of("replicas", 3));
        assertThat(LiveComparison.satisfies(live, DESIRED)).isTrue();
    }

    @Test
    void aChangedValueAMissingFieldOrAListOfAnotherLengthIsDrift() {
        Map<String, Object> scaled = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "blog", "labels", Map.of("managed-by", "orkestra")),
                "spec", Map.of("replicas", 1, "template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "app", "image", "nginx:1.27", "ports", List.of(Map.of("containerPort", 8080))))))));
        assertThat(LiveComparison.satisfies(scaled, DESIRED)).isFalse();
        Map<String, Object> unlabelled = Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "blog"),
                "spec", DESIRED.get("spec"));
        assertThat(LiveComparison.satisfies(unlabelled, DESIRED)).isFalse();
        Map<String, Object> twoContainers = Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", DESIRED.get("metadata"),
                "spec", Map.of("replicas", 3, "template", Map.of("spec", Map.of("containers", List.of(
                        Map.of("name", "app", "image", "nginx:1.27", "ports", List.of(Map.of("containerPort", 8080))),
                        Map.of("name", "sidecar", "image", "envoy"))))));
        assertThat(LiveComparison.satisfies(twoContainers, DESIRED)).isFalse();
    }

    @Test
    void intOrStringValuesCompareByTheirWireForm() {
        assertThat(LiveComparison.satisfies(Map.of("spec", Map.of("targetPort", 8080)), Map.of("spec", Map.of("targetPort", "8080")))).isTrue();
        assertThat(LiveComparison.satisfies(Map.of("spec", Map.of("targetPort", "http")), Map.of("spec", Map.of("targetPort", 8080)))).isFalse();
    }
}
