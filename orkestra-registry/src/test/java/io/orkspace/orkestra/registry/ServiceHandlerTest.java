package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceHandlerTest {

    private static Map<String, Object> service(Object... more) {
        Map<String, Object> f = fields("name", "blog-svc", "namespace", "default");
        f.putAll(fields(more));
        return f;
    }

    @Test
    void defaultsNameToCrNameWithSvcSuffix() {
        assertThat(Entries.handler("services").defaultName()).isEqualTo("{{ .metadata.name }}-svc");
    }

    @Test
    void routesPortToTheSameTargetPortOverTcpByDefault() throws Exception {
        Service s = build("services", service("port", "80"));

        ServicePort p = s.getSpec().getPorts().get(0);
        assertThat(p.getPort()).isEqualTo(80);
        assertThat(p.getTargetPort()).isEqualTo(new IntOrString(80));
        assertThat(p.getProtocol()).isEqualTo("TCP");
        assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
    }

    @Test
    void takesATargetPortAsANumberOrAName() throws Exception {
        Service byNumber = build("services", service("port", 80, "targetPort", "8080"));
        Service byName = build("services", service("port", 80, "targetPort", "http"));

        assertThat(byNumber.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(8080));
        assertThat(byName.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString("http"));
    }

    @Test
    void selectsTheCrsPodsPlusTheEntrySelector() throws Exception {
        Service s = build("services", service("port", 80, "selector", Map.of("app", "blog")));

        assertThat(s.getSpec().getSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "blog", "orkestra-owner", "blog"));
    }

    @Test
    void requiresAPortUnlessHeadless() throws Exception {
        assertThatThrownBy(() -> build("services", service())).hasMessage("port: required, but not set (or rendered empty)");

        Service headless = build("services", service("headless", true));
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPorts()).isNullOrEmpty();
    }

    @Test
    void rejectsWrongTypes() {
        assertThatThrownBy(() -> build("services", service("port", "eighty")))
                .hasMessage("port: expected an integer, got \"eighty\"");
        assertThatThrownBy(() -> build("services", service("port", 80, "type", "ExternalName")))
                .hasMessage("type: expected one of ClusterIP, NodePort, LoadBalancer, got \"ExternalName\"");
        assertThatThrownBy(() -> build("services", service("port", 80, "headless", "yes")))
                .hasMessage("headless: expected a boolean, got \"yes\"");
        assertThatThrownBy(() -> build("services", service("port", 80, "selector", "app=blog")))
                .hasMessage("selector: expected a map, got \"app=blog\"");
        assertThatThrownBy(() -> build("services", service("port", 80, "targetPort", 0)))
                .hasMessage("targetPort: expected an integer from 1 to 65535 or a port name, got 0");
    }

    @Test
    void rejectsAHeadlessLoadBalancer() {
        assertThatThrownBy(() -> build("services", service("port", 80, "headless", true, "type", "LoadBalancer")))
                .hasMessage("headless: a headless Service has type ClusterIP, not LoadBalancer");
    }
}
