package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicyBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehaviorBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An HPA's {@code behavior}: a {@code profile} or explicit {@code scaleUp}/{@code scaleDown} rules
 * ({@code stabilizationWindowSeconds}, {@code selectPolicy}, {@code policies[].{type, value, periodSeconds}}).
 *
 * <p>Profiles (CPU target, scale-up window and policies, scale-down window and policy): {@code web} 70%, 0s,
 * max(100%/15s, 4 pods/15s), 300s, 10%/60s; {@code api} 60%, as web, 600s, 5%/60s; {@code latency-sensitive} 50%, 0s,
 * max(200%/15s, 10 pods/15s), 900s, 5%/120s; {@code batch} 80%, 30s, 100%/60s, 120s, 50%/60s; {@code cost-optimized}
 * 80%, 180s, min 25%/60s, 60s, 50%/60s.
 */
final class HpaBehaviors {

    /** A resolved behavior, and the CPU target its profile suggests (none for explicit rules). */
    record Behavior(HorizontalPodAutoscalerBehavior behavior, Optional<Integer> cpuTarget) {
    }

    private static final Set<String> BEHAVIOR = Set.of("profile", "scaleUp", "scaleDown");
    private static final Set<String> RULES = Set.of("stabilizationWindowSeconds", "selectPolicy", "policies");
    private static final Set<String> POLICY = Set.of("type", "value", "periodSeconds");
    private static final List<String> SELECT = List.of("Max", "Min", "Disabled");
    private static final List<String> POLICY_TYPES = List.of("Percent", "Pods");
    private static final List<String> PROFILES = List.of("web", "api", "latency-sensitive", "batch", "cost-optimized");

    private HpaBehaviors() {
    }

    static Behavior of(EntryFields b) throws InvalidEntryException {
        b.allowOnly(BEHAVIOR);
        if (b.has("profile")) {
            if (b.declared("scaleUp") || b.declared("scaleDown")) {
                throw new InvalidEntryException(b.path("profile") + ": set a profile or scaleUp/scaleDown, not both");
            }
            return profile(b.path("profile"), b.requiredString("profile"));
        }
        HorizontalPodAutoscalerBehaviorBuilder out = new HorizontalPodAutoscalerBehaviorBuilder();
        Optional<EntryFields> up = b.object("scaleUp");
        Optional<EntryFields> down = b.object("scaleDown");
        if (up.isPresent()) {
            out.withScaleUp(rules(up.get()));
        }
        if (down.isPresent()) {
            out.withScaleDown(rules(down.get()));
        }
        return new Behavior(out.build(), Optional.empty());
    }

    private static HPAScalingRules rules(EntryFields r) throws InvalidEntryException {
        r.allowOnly(RULES);
        List<HPAScalingPolicy> policies = new ArrayList<>();
        for (EntryFields p : r.objects("policies")) {
            p.allowOnly(POLICY);
            policies.add(new HPAScalingPolicyBuilder()
                    .withType(p.choice("type", POLICY_TYPES).orElseThrow(() -> p.missing("type")))
                    .withValue(p.integer("value", 1, Integer.MAX_VALUE).orElseThrow(() -> p.missing("value")))
                    .withPeriodSeconds(p.integer("periodSeconds", 1, 1800).orElseThrow(() -> p.missing("periodSeconds")))
                    .build());
        }
        return new HPAScalingRulesBuilder()
                .withStabilizationWindowSeconds(r.integer("stabilizationWindowSeconds", 0, 3600).orElse(null))
                .withSelectPolicy(r.choice("selectPolicy", SELECT).orElse(null))
                .withPolicies(ChildMetadata.orNull(policies))
                .build();
    }

    private static Behavior profile(String path, String name) throws InvalidEntryException {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "web":
                return behavior(70, rules(0, "Max", percent(100, 15), pods(4, 15)), rules(300, null, percent(10, 60)));
            case "api":
                return behavior(60, rules(0, "Max", percent(100, 15), pods(4, 15)), rules(600, null, percent(5, 60)));
            case "latency-sensitive":
                return behavior(50, rules(0, "Max", percent(200, 15), pods(10, 15)), rules(900, null, percent(5, 120)));
            case "batch":
                return behavior(80, rules(30, null, percent(100, 60)), rules(120, null, percent(50, 60)));
            case "cost-optimized":
                return behavior(80, rules(180, "Min", percent(25, 60)), rules(60, null, percent(50, 60)));
            default:
                throw new InvalidEntryException(path + ": unknown profile \"" + name + "\" (known: " + String.join(", ", PROFILES) + ")");
        }
    }

    private static Behavior behavior(int cpu, HPAScalingRules up, HPAScalingRules down) {
        return new Behavior(new HorizontalPodAutoscalerBehaviorBuilder().withScaleUp(up).withScaleDown(down).build(), Optional.of(cpu));
    }

    private static HPAScalingRules rules(int window, String select, HPAScalingPolicy... policies) {
        return new HPAScalingRulesBuilder().withStabilizationWindowSeconds(window).withSelectPolicy(select).withPolicies(policies).build();
    }

    private static HPAScalingPolicy percent(int value, int period) {
        return new HPAScalingPolicyBuilder().withType("Percent").withValue(value).withPeriodSeconds(period).build();
    }

    private static HPAScalingPolicy pods(int value, int period) {
        return new HPAScalingPolicyBuilder().withType("Pods").withValue(value).withPeriodSeconds(period).build();
    }
}
