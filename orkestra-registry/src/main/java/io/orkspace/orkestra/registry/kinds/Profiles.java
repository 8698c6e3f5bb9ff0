package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference's named presets ({@code resources.profile: small}, {@code probes.liveness.profile: fast},
 * {@code securityContext.profile: restricted}, {@code rollingUpdate.profile: safe}), expanded to explicit values.
 * Names match without regard to case; an unknown name is an error listing the known ones.
 */
final class Profiles {

    /** Probe timings: initialDelaySeconds, periodSeconds, failureThreshold, successThreshold, timeoutSeconds. */
    record ProbeTimings(int initialDelaySeconds, int periodSeconds, int failureThreshold, int successThreshold,
                        int timeoutSeconds) {
    }

    private static final Map<String, String[]> RESOURCES = new LinkedHashMap<>();
    private static final Map<String, ProbeTimings> PROBES = new LinkedHashMap<>();
    private static final Map<String, IntOrString[]> ROLLING_UPDATES = new LinkedHashMap<>();

    static {
        // cpu request, cpu limit, memory request, memory limit
        RESOURCES.put("tiny", new String[]{"25m", "100m", "64Mi", "128Mi"});
        RESOURCES.put("small", new String[]{"100m", "500m", "128Mi", "512Mi"});
        RESOURCES.put("medium", new String[]{"250m", "1", "256Mi", "1Gi"});
        RESOURCES.put("large", new String[]{"500m", "2", "512Mi", "2Gi"});
        RESOURCES.put("burst", new String[]{"200m", "2", "256Mi", "2Gi"});
        RESOURCES.put("steady", new String[]{"300m", "600m", "256Mi", "512Mi"});
        RESOURCES.put("compute-heavy", new String[]{"1", "2", "512Mi", "1Gi"});
        RESOURCES.put("memory-heavy", new String[]{"250m", "500m", "1Gi", "2Gi"});

        PROBES.put("fast", new ProbeTimings(5, 10, 2, 1, 5));
        PROBES.put("standard", new ProbeTimings(15, 20, 3, 1, 10));
        PROBES.put("patient", new ProbeTimings(30, 30, 5, 1, 10));
        PROBES.put("slow-start", new ProbeTimings(0, 10, 30, 1, 10));

        // maxSurge, maxUnavailable
        ROLLING_UPDATES.put("safe", new IntOrString[]{new IntOrString(1), new IntOrString(0)});
        ROLLING_UPDATES.put("fast", new IntOrString[]{new IntOrString("25%"), new IntOrString("25%")});
        ROLLING_UPDATES.put("blue-green", new IntOrString[]{new IntOrString("100%"), new IntOrString(0)});
    }

    /** The profile used by a probe that names none. */
    static final String DEFAULT_PROBE = "standard";

    private static final List<String> SECURITY = List.of("baseline", "restricted", "hardened");

    private Profiles() {
    }

    static ResourceRequirements resources(String path, String name) throws InvalidEntryException {
        String[] r = RESOURCES.get(known(path, name, RESOURCES.keySet()));
        Map<String, Quantity> requests = new TreeMap<>();
        requests.put("cpu", new Quantity(r[0]));
        requests.put("memory", new Quantity(r[2]));
        Map<String, Quantity> limits = new TreeMap<>();
        limits.put("cpu", new Quantity(r[1]));
        limits.put("memory", new Quantity(r[3]));
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    static ProbeTimings probe(String path, String name) throws InvalidEntryException {
        return PROBES.get(known(path, name, PROBES.keySet()));
    }

    /** maxSurge and maxUnavailable of a rolling update profile. */
    static IntOrString[] rollingUpdate(String path, String name) throws InvalidEntryException {
        return ROLLING_UPDATES.get(known(path, name, ROLLING_UPDATES.keySet())).clone();
    }

    /** Container security: baseline drops NET_RAW; restricted drops ALL and runs as non-root; hardened adds a read-only root. */
    static SecurityContext containerSecurity(String path, String name) throws InvalidEntryException {
        SecurityContextBuilder sc = new SecurityContextBuilder().withAllowPrivilegeEscalation(false);
        switch (known(path, name, SECURITY)) {
            case "baseline" -> sc.withNewCapabilities().withDrop("NET_RAW").endCapabilities();
            case "restricted" -> sc.withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities();
            default -> sc.withRunAsNonRoot(true).withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities();
        }
        return sc.build();
    }

    /** Pod security: baseline allows root; restricted runs as user 1000; hardened as nobody (65534) throughout. */
    static PodSecurityContext podSecurity(String path, String name) throws InvalidEntryException {
        PodSecurityContextBuilder ps = new PodSecurityContextBuilder();
        switch (known(path, name, SECURITY)) {
            case "baseline" -> ps.withRunAsNonRoot(false);
            case "restricted" -> ps.withRunAsNonRoot(true).withRunAsUser(1000L);
            default -> ps.withRunAsNonRoot(true).withRunAsUser(65534L).withRunAsGroup(65534L).withFsGroup(65534L);
        }
        return ps.build();
    }

    private static String known(String path, String name, java.util.Collection<String> names) throws InvalidEntryException {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!names.contains(n)) {
            throw new InvalidEntryException(path + ": unknown profile \"" + name + "\" (known: " + String.join(", ", names) + ")");
        }
        return n;
    }
}
