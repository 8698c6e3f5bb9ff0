package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandlers;
import io.orkspace.orkestra.registry.Owner;
import io.orkspace.orkestra.registry.Readiness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code services}: one Service (default name {@code <cr-name>-svc}) of {@code type} ClusterIP (default), NodePort or
 * LoadBalancer with one port: {@code port} to {@code targetPort} (default: the same number, or a port name), over
 * {@code protocol} (default TCP). It selects the entry's {@code selector} plus {@code orkestra-owner: <cr-name>}, so by
 * default every pod of the CR's workloads. {@code headless: true} gives {@code clusterIP: None} (port optional then).
 */
final class ServiceHandler extends AbstractKindHandler {

    private static final List<String> TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    ServiceHandler() {
        super("services", "v1", "Service", "services", true, "{{ .metadata.name }}-svc",
                Set.of("type", "headless", "protocol", "port", "targetPort", "selector"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        boolean headless = f.bool("headless", false);
        String type = f.choice("type", TYPES).orElse("ClusterIP");
        if (headless && !type.equals("ClusterIP")) {
            throw new InvalidEntryException(f.path("headless") + ": a headless Service has type ClusterIP, not " + type);
        }
        Map<String, String> selector = new TreeMap<>(f.stringMap("selector"));
        selector.put(KindHandlers.OWNER, owner.name());
        ServiceSpecBuilder spec = new ServiceSpecBuilder().withType(type).withSelector(selector);
        if (headless) {
            spec.withClusterIP("None");
        }
        Optional<Integer> port = f.port("port");
        if (port.isPresent()) {
            IntOrString target = f.intOrString("targetPort").orElse(new IntOrString(port.get()));
            if (target.getIntVal() != null && (target.getIntVal() < 1 || target.getIntVal() > 65535)) {
                throw new InvalidEntryException(f.path("targetPort") + ": expected an integer from 1 to 65535 or a port name, got "
                        + target.getIntVal());
            }
            spec.withPorts(new ServicePortBuilder()
                    .withPort(port.get())
                    .withTargetPort(target)
                    .withProtocol(f.choice("protocol", PROTOCOLS).orElse("TCP"))
                    .build());
        } else if (!headless) {
            throw f.missing("port");
        } else if (f.has("targetPort")) {
            throw new InvalidEntryException(f.path("targetPort") + ": needs a port");
        }
        return new ServiceBuilder().withMetadata(meta).withSpec(spec.build()).build();
    }

    /** Ready once it exists, except a LoadBalancer, which waits for its address. */
    @Override
    public Readiness readiness(GenericKubernetesResource live) {
        LiveStatus s = LiveStatus.of(live);
        if (!"LoadBalancer".equals(s.specText("type"))) {
            return Readiness.READY;
        }
        Object ingress = s.statusMap("loadBalancer").get("ingress");
        return ingress instanceof java.util.List<?> l && !l.isEmpty() ? Readiness.READY
                : Readiness.waiting("no load balancer address yet");
    }
}
