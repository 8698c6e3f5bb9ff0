package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orkspace.orkestra.junit.OrkestraHarness;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Bundle CR of the resource-kind tests, and the checks they share. */
final class Bundles {

    static final String API = "kinds.orkestra.io/v1";
    static final String KIND = "Bundle";
    static final Path KATALOGS = Path.of("src/test/resources/katalogs/kinds");

    private Bundles() {
    }

    /** A Bundle with a spec written as a YAML flow map ({@code {image: nginx, replicas: 2}}). */
    static String bundle(String name, String spec) {
        return """
                apiVersion: kinds.orkestra.io/v1
                kind: Bundle
                metadata: {name: %s}
                spec: %s
                """.formatted(name, spec);
    }

    /** Awaits what the engine, the garbage collector or the controller stand-ins do. */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    /** The child carries Orkestra's labels and is controlled by the CR (so the garbage collector removes it with it). */
    static void assertOwnedBy(HasMetadata child, GenericKubernetesResource cr) {
        assertThat(child).as("the child").isNotNull();
        assertThat(child.getMetadata().getLabels()).as(child.getKind() + " labels")
                .containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", cr.getMetadata().getName());
        assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind() + " owner").singleElement().satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
            assertThat(ref.getKind()).isEqualTo(KIND);
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
    }

    /** Deletes the CR and waits until it is gone (finalizers done). */
    static void deleteBundle(OrkestraHarness h, String name) {
        h.client().genericKubernetesResources(API, KIND).inNamespace(h.namespace()).withName(name).delete();
        h.awaitGone(API, KIND, name);
    }

    /** What no controller stand-in does on the embedded server: the kubelet reports the pod Ready. */
    static void markPodReady(OrkestraHarness h, String name) {
        h.client().pods().inNamespace(h.namespace()).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\": {\"phase\": \"Running\", \"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}]}}");
    }

    /** What no controller stand-in does on the embedded server: the volume controller binds the claim. */
    static void markClaimBound(OrkestraHarness h, String name) {
        h.client().persistentVolumeClaims().inNamespace(h.namespace()).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": {\"phase\": \"Bound\"}}");
    }

    /** The CR's Ready condition once it has the given status and reason. */
    static Map<String, Object> awaitReadyCondition(OrkestraHarness h, String name, String status, String reason) {
        GenericKubernetesResource cr = h.await(API, KIND, name, o -> OrkestraHarness.condition(o, "Ready")
                .map(c -> status.equals(c.get("status")) && reason.equals(c.get("reason"))).orElse(false));
        return OrkestraHarness.condition(cr, "Ready").orElseThrow();
    }

    /** {@code status.phase} of the CR. */
    static String phase(GenericKubernetesResource cr) {
        return cr.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? String.valueOf(m.get("phase")) : null;
    }

    /** The messages of the Events about a CR of this test's namespace. */
    static java.util.List<String> messages(OrkestraHarness h, String cr) {
        return h.client().v1().events().inNamespace(h.namespace()).list().getItems().stream()
                .filter(e -> cr.equals(e.getInvolvedObject().getName())).map(e -> e.getMessage()).toList();
    }
}
