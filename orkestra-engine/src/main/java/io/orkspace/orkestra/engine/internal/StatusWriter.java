package io.orkspace.orkestra.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a CR's status through the status subresource, and only when it changed: {@code phase},
 * {@code observedGeneration}, the {@code Ready} and {@code Reconciled} conditions (a condition's
 * {@code lastTransitionTime} moves only when its status flips) and declared fields.
 */
final class StatusWriter {

    /** The outcome of one reconcile, as the status shows it. */
    record Report(String phase, boolean ready, String readyReason, String readyMessage, boolean reconciled,
                  String reconciledReason, String reconciledMessage, Map<String, Object> fields) {
    }

    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    /** Per CR uid: the resourceVersion it had before our last status write, and what we wrote. */
    private final Cache<String, Written> lastWritten = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();

    private record Written(String before, Map<String, Object> status) {
    }

    StatusWriter(KubernetesClient client, ResourceDefinitionContext context) {
        this(client, context, false);
    }

    /** {@code disabled}: the entry's {@code ignoreStatusPatch: true}, status is never written. */
    StatusWriter(KubernetesClient client, ResourceDefinitionContext context, boolean disabled) {
        this.client = client;
        this.context = context;
        this.disabled = disabled;
    }

    private final boolean disabled;

    /** Whether this writer never writes (ignoreStatusPatch, or a built-in primary kind). */
    boolean disabled() {
        return disabled;
    }

    /** The CR's status as it is: the cached CR's, or our last write when the cache has not seen it yet. */
    Map<String, Object> current(GenericKubernetesResource cr) {
        Written last = lastWritten.getIfPresent(cr.getMetadata().getUid());
        if (last != null && Objects.equals(last.before(), cr.getMetadata().getResourceVersion())) {
            return new LinkedHashMap<>(last.status()); // the cache has not seen our last status write yet
        }
        return currentStatus(cr);
    }

    /** Writes the status when it differs from the one the CR has; returns true when it wrote. */
    boolean write(GenericKubernetesResource cr, Report report) {
        return write(cr, report, true);
    }

    /**
     * Same; {@code observed} false leaves {@code observedGeneration} as it is: the generation is not reconciled yet
     * (its first reconcile could not apply everything, so the next one is a first reconcile again).
     */
    boolean write(GenericKubernetesResource cr, Report report, boolean observed) {
        if (disabled) {
            return false;
        }
        Map<String, Object> current = current(cr);
        Map<String, Object> desired = desired(cr, report, current, observed);
        Map<String, Object> have = normalise(current);
        Map<String, Object> want = normalise(desired);
        if (contains(have, want)) {
            return false; // fields others (or hooks, earlier) wrote are left alone: status is merged, not replaced
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        Map<String, Object> status = new LinkedHashMap<>(desired);
        patch.put("status", status);
        var resource = cr.getMetadata().getNamespace() == null
                ? client.genericKubernetesResources(context).withName(cr.getMetadata().getName())
                : client.genericKubernetesResources(context).inNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName());
        resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
        Map<String, Object> merged = new LinkedHashMap<>(current);
        merged.putAll(desired);
        lastWritten.put(cr.getMetadata().getUid(), new Written(cr.getMetadata().getResourceVersion(), merged));
        return true;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> currentStatus(GenericKubernetesResource cr) {
        Object s = cr.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    private static Map<String, Object> desired(GenericKubernetesResource cr, Report r, Map<String, Object> current, boolean observed) {
        Map<String, Object> status = new LinkedHashMap<>(r.fields());
        Long generation = observed ? cr.getMetadata().getGeneration() : null;
        status.put("phase", r.phase());
        if (generation != null) {
            status.put("observedGeneration", generation);
        }
        List<Map<String, Object>> conditions = new ArrayList<>();
        conditions.add(condition("Ready", r.ready(), r.readyReason(), r.readyMessage(), generation, current));
        conditions.add(condition("Reconciled", r.reconciled(), r.reconciledReason(), r.reconciledMessage(), generation, current));
        status.put("conditions", conditions);
        return status;
    }

    private static Map<String, Object> condition(String type, boolean ok, String reason, String message, Long generation,
                                                 Map<String, Object> current) {
        String status = ok ? "True" : "False";
        String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (current.get("conditions") instanceof List<?> existing) {
            for (Object o : existing) {
                if (o instanceof Map<?, ?> c && type.equals(c.get("type")) && status.equals(c.get("status"))
                        && c.get("lastTransitionTime") != null) {
                    since = String.valueOf(c.get("lastTransitionTime"));
                }
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", since);
        if (generation != null) {
            c.put("observedGeneration", generation);
        }
        return c;
    }

    /** Whether {@code have} holds every field of {@code want} (maps compared key by key, other values as a whole). */
    private static boolean contains(Map<?, ?> have, Map<?, ?> want) {
        for (Map.Entry<?, ?> e : want.entrySet()) {
            Object h = have.get(e.getKey());
            boolean same = e.getValue() instanceof Map<?, ?> w && h instanceof Map<?, ?> hm ? contains(hm, w)
                    : Objects.equals(e.getValue(), h);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** JSON round trip so 3 and 3L, and map implementations, compare equal. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalise(Map<String, Object> m) {
        return Serialization.unmarshal(Serialization.asJson(m), Map.class);
    }
}
