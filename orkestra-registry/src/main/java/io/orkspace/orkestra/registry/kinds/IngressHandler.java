package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPortBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ingresses}: one Ingress (default name {@code <cr-name>-ingress}) with one rule: {@code host} (any host when
 * unset), {@code path} {@code /} of {@code pathType} Prefix, to the Service {@code serviceName} on
 * {@code servicePort} (a number or a port name), with the class {@code className}. {@code tls} adds a TLS block for
 * {@code hosts} (default: the host) from the Secret {@code secretName} (default {@code <ingress-name>-tls}).
 */
final class IngressHandler extends AbstractKindHandler {

    private static final List<String> PATH_TYPES = List.of("Prefix", "Exact", "ImplementationSpecific");
    private static final Set<String> TLS = Set.of("create", "secretName", "hosts");

    IngressHandler() {
        super("ingresses", "networking.k8s.io/v1", "Ingress", "ingresses", true, "{{ .metadata.name }}-ingress",
                Set.of("host", "serviceName", "servicePort", "path", "pathType", "className", "tls"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        Optional<String> host = f.string("host").map(String::trim);
        IngressSpecBuilder spec = new IngressSpecBuilder()
                .withIngressClassName(f.string("className").orElse(null))
                .addNewRule()
                .withHost(host.orElse(null))
                .withNewHttp()
                .addNewPath()
                .withPath(f.string("path", "/"))
                .withPathType(f.choice("pathType", PATH_TYPES).orElse("Prefix"))
                .withNewBackend().withNewService().withName(f.requiredString("serviceName")).withPort(port(f)).endService().endBackend()
                .endPath()
                .endHttp()
                .endRule();
        Optional<EntryFields> tls = f.object("tls");
        if (tls.isPresent()) {
            EntryFields t = tls.get();
            t.allowOnly(TLS);
            if (t.bool("create", false)) {
                throw new InvalidEntryException(t.path("create") + ": generating a self-signed certificate is not supported yet "
                        + "(declare the kubernetes.io/tls Secret as a secrets entry and name it in tls.secretName)");
            }
            List<String> hosts = t.strings("hosts");
            if (hosts.isEmpty() && host.isPresent()) {
                hosts = List.of(host.get());
            }
            spec.addNewTl().withHosts(ChildMetadata.orNull(hosts)).withSecretName(t.string("secretName", meta.getName() + "-tls")).endTl();
        }
        return new IngressBuilder().withMetadata(meta).withSpec(spec.build()).build();
    }

    private static ServiceBackendPort port(EntryFields f) throws InvalidEntryException {
        IntOrString port = f.intOrString("servicePort").orElseThrow(() -> f.missing("servicePort"));
        if (port.getIntVal() != null) {
            if (port.getIntVal() < 1 || port.getIntVal() > 65535) {
                throw new InvalidEntryException(f.path("servicePort") + ": expected an integer from 1 to 65535 or a port name, got "
                        + port.getIntVal());
            }
            return new ServiceBackendPortBuilder().withNumber(port.getIntVal()).build();
        }
        return new ServiceBackendPortBuilder().withName(port.getStrVal()).build();
    }
}
