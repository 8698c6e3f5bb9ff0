package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentHandlerTest {

    private static Map<String, Object> minimal(Object... more) {
        Map<String, Object> f = fields("name", "blog-deployment", "namespace", "default", "image", "nginx:1.27");
        f.putAll(fields(more));
        return f;
    }

    @Test
    void defaultsNameToCrNameWithDeploymentSuffix() {
        assertThat(Entries.handler("deployments").defaultName()).isEqualTo("{{ .metadata.name }}-deployment");
    }

    @Test
    void buildsOneReplicaAndOneContainerNamedAfterTheDeploymentByDefault() throws Exception {
        Deployment d = build("deployments", minimal());

        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getName()).isEqualTo("blog-deployment");
        assertThat(c.getImage()).isEqualTo("nginx:1.27");
        assertThat(c.getPorts()).isNullOrEmpty();
    }

    @Test
    void acceptsReplicasRenderedAsText() throws Exception {
        Deployment d = build("deployments", minimal("replicas", "3"));
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void rejectsReplicasThatAreNotAnInteger() {
        assertThatThrownBy(() -> build("deployments", minimal("replicas", "three")))
                .isInstanceOf(InvalidEntryException.class)
                .hasMessage("replicas: expected an integer, got \"three\"");
        assertThatThrownBy(() -> build("deployments", minimal("replicas", 2.5)))
                .hasMessage("replicas: expected an integer, got 2.5");
        assertThatThrownBy(() -> build("deployments", minimal("replicas", Map.of("n", 1))))
                .hasMessage("replicas: expected an integer, got a map");
    }

    @Test
    void rejectsNegativeReplicas() {
        assertThatThrownBy(() -> build("deployments", minimal("replicas", -1)))
                .hasMessage("replicas: expected an integer from 0 to 2147483647, got -1");
    }

    @Test
    void requiresAnImage() {
        Map<String, Object> f = fields("name", "web", "namespace", "default", "image", "");
        assertThatThrownBy(() -> build("deployments", f)).hasMessage("image: required, but not set (or rendered empty)");
    }

    @Test
    void exposesThePortWithTcpUnlessAnotherProtocolIsGiven() throws Exception {
        Deployment tcp = build("deployments", minimal("port", "8080"));
        assertThat(tcp.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0))
                .satisfies(p -> {
                    assertThat(p.getContainerPort()).isEqualTo(8080);
                    assertThat(p.getProtocol()).isEqualTo("TCP");
                });
        Deployment udp = build("deployments", minimal("port", 53, "protocol", "udp"));
        assertThat(udp.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getProtocol()).isEqualTo("UDP");
    }

    @Test
    void rejectsAPortOutOfRangeAndAnUnknownProtocol() {
        assertThatThrownBy(() -> build("deployments", minimal("port", "70000")))
                .hasMessage("port: expected an integer from 1 to 65535, got 70000");
        assertThatThrownBy(() -> build("deployments", minimal("port", 80, "protocol", "HTTP")))
                .hasMessage("protocol: expected one of TCP, UDP, SCTP, got \"HTTP\"");
    }

    @Test
    void selectsItsOwnPodsByCrAndDeploymentName() throws Exception {
        Deployment d = build("deployments", minimal("labels", Map.of("app", "blog")));

        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        assertThat(selector).containsExactlyInAnyOrderEntriesOf(Map.of("orkestra-owner", "blog", "orkestra-workload", "blog-deployment"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(selector)
                .containsEntry("app", "blog")
                .containsEntry("managed-by", "orkestra");
    }

    @Test
    void mergesEntryLabelsWithOrkestraLabelsWhichWin() throws Exception {
        Deployment d = build("deployments", minimal("labels", Map.of("app", "blog", "orkestra-owner", "someone")));

        assertThat(d.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("app", "blog", "managed-by", "orkestra", "orkestra-owner", "blog"));
    }

    @Test
    void putsAnnotationsOnTheDeploymentOnly() throws Exception {
        Deployment d = build("deployments", minimal("annotations", Map.of("example.com/team", "web")));

        assertThat(d.getMetadata().getAnnotations()).containsExactly(Map.entry("example.com/team", "web"));
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void isControlledByTheCr() throws Exception {
        Deployment d = build("deployments", minimal());

        OwnerReference ref = d.getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getApiVersion()).isEqualTo("demo.orkestra.io/v1alpha1");
        assertThat(ref.getKind()).isEqualTo("Website");
        assertThat(ref.getName()).isEqualTo("blog");
        assertThat(ref.getUid()).isEqualTo(Entries.WEBSITE.uid());
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void isOwnedByAClusterScopedCrToo() throws Exception {
        Deployment d = build("deployments", minimal(), Entries.TENANT);

        assertThat(d.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("acme");
    }

    @Test
    void buildsAnEqualObjectFromTheSameInput() throws Exception {
        Map<String, Object> f = minimal("replicas", "2", "port", 80, "labels", Map.of("b", "2", "a", "1"),
                "env", List.of(Map.of("name", "A", "value", "1")));
        assertThat((Deployment) build("deployments", f)).isEqualTo(build("deployments", f));
    }

    @Test
    void rejectsAFieldItDoesNotKnow() {
        assertThatThrownBy(() -> build("deployments", minimal("replica", 3)))
                .hasMessageStartingWith("replica: unknown field (expected one of ");
    }

    @Test
    void rejectsAProfileTogetherWithExplicitResources() {
        Map<String, Object> resources = Map.of("profile", "small", "requests", Map.of("cpu", "1"));
        assertThatThrownBy(() -> build("deployments", minimal("resources", resources)))
                .hasMessage("resources.profile: set a profile or requests/limits, not both");
    }

    @Test
    void rejectsAnUnknownProfileNamingTheKnownOnes() {
        assertThatThrownBy(() -> build("deployments", minimal("resources", Map.of("profile", "huge"))))
                .hasMessage("resources.profile: unknown profile \"huge\" (known: tiny, small, medium, large, burst, steady, compute-heavy, memory-heavy)");
        assertThatThrownBy(() -> build("deployments", minimal("rollingUpdate", Map.of("profile", "slow"))))
                .hasMessage("rollingUpdate.profile: unknown profile \"slow\" (known: safe, fast, blue-green)");
    }

    @Test
    void rejectsAQuantityThatIsNotOne() {
        Map<String, Object> resources = Map.of("limits", Map.of("memory", "lots"));
        assertThatThrownBy(() -> build("deployments", minimal("resources", resources)))
                .hasMessage("resources.limits.memory: expected a quantity (100m, 128Mi, 2), got \"lots\"");
    }

    @Test
    void namesTheFieldOfANestedValueOfTheWrongType() {
        Map<String, Object> probes = Map.of("liveness", Map.of("type", "http", "periodSeconds", "often"));
        assertThatThrownBy(() -> build("deployments", minimal("port", 80, "probes", probes)))
                .hasMessage("probes.liveness.periodSeconds: expected an integer, got \"often\"");
        List<Object> env = List.of(Map.of("name", "A", "value", "x"), Map.of("value", "no name"));
        assertThatThrownBy(() -> build("deployments", minimal("env", env)))
                .hasMessage("env[1].name: required, but not set (or rendered empty)");
        assertThatThrownBy(() -> build("deployments", minimal("env", "A=1")))
                .hasMessage("env: expected a list, got \"A=1\"");
    }

    @Test
    void needsAPortForAProbe() {
        Map<String, Object> probes = Map.of("readiness", Map.of("type", "tcp"));
        assertThatThrownBy(() -> build("deployments", minimal("probes", probes)))
                .hasMessage("probes.readiness.port: the probe needs a port (set the entry's port or the probe's)");
    }

    @Test
    void rejectsAVolumeWithoutOrWithTwoSources() {
        assertThatThrownBy(() -> build("deployments", minimal("volumes", List.of(Map.of("name", "x")))))
                .hasMessage("volumes[0].name: volume \"x\" needs a source (one of configMap, secret, emptyDir, persistentVolumeClaim, hostPath)");
        List<Object> two = List.of(Map.of("name", "x", "emptyDir", Map.of(), "configMap", Map.of("name", "c")));
        assertThatThrownBy(() -> build("deployments", minimal("volumes", two)))
                .hasMessage("volumes[0].configMap and volumes[0].emptyDir: set only one of them");
    }

    @Test
    void rejectsANameTooLongForAContainerName() {
        Map<String, Object> f = minimal();
        f.put("name", "x".repeat(64));
        assertThatThrownBy(() -> build("deployments", f)).hasMessageStartingWith("name: \"xxxx");
    }
}
