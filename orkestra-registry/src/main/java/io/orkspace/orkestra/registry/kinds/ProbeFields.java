package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code probes: {startup, liveness, readiness}}: each an HTTP GET ({@code type: http}, {@code path}, default
 * {@code /}) or a TCP check ({@code type: tcp}) against the container's {@code port}, with the timings of its
 * {@code profile} (default {@code standard}) and any explicit timing on top.
 */
final class ProbeFields {

    private static final Set<String> PROBES = Set.of("startup", "liveness", "readiness");
    private static final Set<String> PROBE = Set.of("type", "path", "port", "profile", "initialDelaySeconds", "periodSeconds",
            "failureThreshold", "successThreshold", "timeoutSeconds");

    private ProbeFields() {
    }

    /** Sets the declared probes on {@code container}; {@code port} is the container's port, if it has one. */
    static void apply(EntryFields f, ContainerBuilder container, Optional<Integer> port) throws InvalidEntryException {
        Optional<EntryFields> probes = f.object("probes");
        if (probes.isEmpty()) {
            return;
        }
        probes.get().allowOnly(PROBES);
        Optional<EntryFields> startup = probes.get().object("startup");
        Optional<EntryFields> liveness = probes.get().object("liveness");
        Optional<EntryFields> readiness = probes.get().object("readiness");
        if (startup.isPresent()) {
            container.withStartupProbe(probe(startup.get(), port));
        }
        if (liveness.isPresent()) {
            container.withLivenessProbe(probe(liveness.get(), port));
        }
        if (readiness.isPresent()) {
            container.withReadinessProbe(probe(readiness.get(), port));
        }
    }

    private static Probe probe(EntryFields p, Optional<Integer> containerPort) throws InvalidEntryException {
        p.allowOnly(PROBE);
        // no type but a path: an HTTP probe, as in the reference
        String type = p.choice("type", List.of("http", "tcp")).orElse(p.has("path") ? "http" : null);
        if (type == null) {
            throw new InvalidEntryException(p.path("type") + ": required (http or tcp)");
        }
        Optional<IntOrString> port = p.intOrString("port");
        if (port.isEmpty() && containerPort.isPresent()) {
            port = Optional.of(new IntOrString(containerPort.get()));
        }
        if (port.isEmpty()) {
            throw new InvalidEntryException(p.path("port") + ": the probe needs a port (set the entry's port or the probe's)");
        }
        Profiles.ProbeTimings t = Profiles.probe(p.path("profile"), p.string("profile", Profiles.DEFAULT_PROBE));
        ProbeBuilder probe = new ProbeBuilder()
                .withInitialDelaySeconds(p.integer("initialDelaySeconds", 0, Integer.MAX_VALUE).orElse(t.initialDelaySeconds()))
                .withPeriodSeconds(p.integer("periodSeconds", 1, Integer.MAX_VALUE).orElse(t.periodSeconds()))
                .withFailureThreshold(p.integer("failureThreshold", 1, Integer.MAX_VALUE).orElse(t.failureThreshold()))
                .withSuccessThreshold(p.integer("successThreshold", 1, Integer.MAX_VALUE).orElse(t.successThreshold()))
                .withTimeoutSeconds(p.integer("timeoutSeconds", 1, Integer.MAX_VALUE).orElse(t.timeoutSeconds()));
        if (type.equals("http")) {
            probe.withNewHttpGet().withPath(p.string("path", "/")).withPort(port.get()).endHttpGet();
        } else {
            probe.withNewTcpSocket().withPort(port.get()).endTcpSocket();
        }
        return probe.build();
    }
}
