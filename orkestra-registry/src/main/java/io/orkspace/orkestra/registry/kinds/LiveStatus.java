package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the parts of a live object that readiness looks at: its status, spec, generation and conditions. */
final class LiveStatus {

    private final Map<?, ?> spec;
    private final Map<?, ?> status;
    private final long generation;

    private LiveStatus(GenericKubernetesResource live) {
        this.spec = map(live.getAdditionalProperties().get("spec"));
        this.status = map(live.getAdditionalProperties().get("status"));
        Long g = live.getMetadata() == null ? null : live.getMetadata().getGeneration();
        this.generation = g == null ? 0 : g;
    }

    static LiveStatus of(GenericKubernetesResource live) {
        return new LiveStatus(live);
    }

    /** A number in the spec, or {@code fallback}. */
    long spec(String field, long fallback) {
        return number(spec.get(field), fallback);
    }

    /** A text in the spec, or "". */
    String specText(String field) {
        Object v = spec.get(field);
        return v == null ? "" : String.valueOf(v);
    }

    /** A number in the status, or 0. */
    long status(String field) {
        return number(status.get(field), 0);
    }

    /** A text in the status, or "". */
    String statusText(String field) {
        Object v = status.get(field);
        return v == null ? "" : String.valueOf(v);
    }

    /** A nested map of the status (empty when absent). */
    Map<?, ?> statusMap(String field) {
        return map(status.get(field));
    }

    /** Whether the controller has seen the current spec ({@code status.observedGeneration >= metadata.generation}). */
    boolean observedCurrentGeneration() {
        return !status.containsKey("observedGeneration") && generation == 0 || status("observedGeneration") >= generation;
    }

    /** The status condition of a type, if there is one. */
    Optional<Map<?, ?>> condition(String type) {
        if (status.get("conditions") instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the condition of a type has status True. */
    boolean conditionTrue(String type) {
        return condition(type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    /** A condition's message, or its reason when it has none (for the CR's status). */
    static String explain(Map<?, ?> condition) {
        Object message = condition.get("message");
        Object reason = condition.get("reason");
        return message != null && !String.valueOf(message).isBlank() ? String.valueOf(message)
                : reason == null ? "" : String.valueOf(reason);
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static long number(Object o, long fallback) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
