package io.orkspace.orkestra.junit.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import io.orkspace.orkestra.katalog.KatalogException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An entry whose primaries are a Kubernetes kind (ConfigMaps) rather than a CRD's. */
@OrkestraTest
class BuiltInPrimaryTest {

    @Test
    void labelledConfigMapsConvergeAndOthersAreLeftAlone(OrkestraHarness h) throws Exception {
        h.start(Path.of("src/test/resources/katalogs/builtin-primary.yaml"));
        h.apply(greeting("alice", "Alice", true) + "---\n" + greeting("plain", "Plain", false));

        awaitReply(h, "alice", "hello Alice");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "Alice".equals(
                h.client().configMaps().inNamespace(h.namespace()).withName("alice").get().getMetadata().getLabels()
                        .get("test.orkestra.io/greeted")));

        h.apply(greeting("alice", "Bob", true));
        awaitReply(h, "alice", "hello Bob");

        assertThat(h.client().configMaps().inNamespace(h.namespace()).withName("plain-reply").get())
                .as("not selected by the labelSelector").isNull();
        assertThat(h.requests().log()).as("no status is written onto a ConfigMap")
                .noneMatch(r -> r.resource().endsWith("/status"));
        assertThat(h.client().apiextensions().v1().customResourceDefinitions().list().getItems())
                .as("no CRD installed for a built-in kind")
                .noneMatch(c -> c.getMetadata().getName().startsWith("configmaps"));
    }

    @Test
    void aBuiltInPrimaryWithoutLabelSelectorIsRejectedAtLoad(OrkestraHarness h) {
        assertThatThrownBy(() -> h.start(Path.of("src/test/resources/katalogs/builtin-primary-unselected.yaml")))
                .isInstanceOf(KatalogException.class)
                .hasMessageContaining("builtin-primary-unselected.yaml:9:")
                .hasMessageContaining("spec.crds.greetings.labelSelector: required for a built-in kind (v1 ConfigMap)");
    }

    private static void awaitReply(OrkestraHarness h, String name, String reply) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            ConfigMap cm = h.client().configMaps().inNamespace(h.namespace()).withName(name + "-reply").get();
            return cm != null && reply.equals(cm.getData().get("reply"));
        });
    }

    static String greeting(String name, String who, boolean selected) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  labels: {test.orkestra.io/greeting: "%s"}
                data: {name: %s}
                """.formatted(name, selected, who);
    }
}
