package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandlers;
import io.orkspace.orkestra.registry.Owner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pdb} ({@code pdbs}): one PodDisruptionBudget (default name {@code <cr-name>-pdb}) over the pods of
 * {@code selector} (default: every pod of the CR, {@code orkestra-owner: <cr-name>}), with one of
 * {@code minAvailable}, {@code maxUnavailable} (a count or a percentage) or {@code behavior.profile}
 * (zero-downtime: minAvailable 100%; rolling: maxUnavailable 1; relaxed: maxUnavailable 25%).
 */
final class PodDisruptionBudgetHandler extends AbstractKindHandler {

    private static final Set<String> BEHAVIOR = Set.of("profile");
    /** Profile name to {minAvailable, maxUnavailable}. */
    private static final Map<String, IntOrString[]> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("zero-downtime", new IntOrString[]{new IntOrString("100%"), null});
        PROFILES.put("rolling", new IntOrString[]{null, new IntOrString(1)});
        PROFILES.put("relaxed", new IntOrString[]{null, new IntOrString("25%")});
    }

    PodDisruptionBudgetHandler() {
        super("pdb", "policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true, "{{ .metadata.name }}-pdb",
                Set.of("selector", "minAvailable", "maxUnavailable", "behavior"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        f.atMostOneOf("minAvailable", "maxUnavailable", "behavior");
        IntOrString min = f.countOrPercent("minAvailable").orElse(null);
        IntOrString max = f.countOrPercent("maxUnavailable").orElse(null);
        Optional<EntryFields> behavior = f.object("behavior");
        if (behavior.isPresent()) {
            behavior.get().allowOnly(BEHAVIOR);
            String profile = behavior.get().requiredString("profile").trim().toLowerCase(java.util.Locale.ROOT);
            IntOrString[] p = PROFILES.get(profile);
            if (p == null) {
                throw new InvalidEntryException(behavior.get().path("profile") + ": unknown profile \"" + profile
                        + "\" (known: " + String.join(", ", PROFILES.keySet()) + ")");
            }
            min = p[0];
            max = p[1];
        }
        if (min == null && max == null) {
            throw new InvalidEntryException("minAvailable: set minAvailable, maxUnavailable or behavior.profile");
        }
        Map<String, String> selector = new TreeMap<>(f.stringMap("selector"));
        if (selector.isEmpty()) {
            selector.put(KindHandlers.OWNER, owner.name());
        }
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withMinAvailable(min)
                .withMaxUnavailable(max)
                .endSpec()
                .build();
    }
}
