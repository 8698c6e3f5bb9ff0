package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.Optional;
import java.util.Set;

/**
 * {@code hpa} ({@code hpas}): one autoscaling/v2 HorizontalPodAutoscaler (default name {@code <cr-name>-hpa}) of
 * {@code scaleTargetRef} (apiVersion apps/v1 and kind Deployment by default; {@code deploymentRef: <name>} is the
 * reference's shorthand for a Deployment) between {@code minReplicas} (default 1) and {@code maxReplicas} (required),
 * on {@code targetCPUUtilizationPercentage}, with {@code behavior} (a profile, see {@link HpaBehaviors}, or
 * scaleUp/scaleDown rules).
 */
final class HorizontalPodAutoscalerHandler extends AbstractKindHandler {

    private static final Set<String> TARGET = Set.of("apiVersion", "kind", "name");

    HorizontalPodAutoscalerHandler() {
        super("hpa", "autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, "{{ .metadata.name }}-hpa",
                Set.of("scaleTargetRef", "deploymentRef", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "behavior"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        int min = f.integer("minReplicas", 1, Integer.MAX_VALUE).orElse(1);
        int max = f.integer("maxReplicas", 1, Integer.MAX_VALUE).orElseThrow(() -> f.missing("maxReplicas"));
        if (max < min) {
            throw new InvalidEntryException(f.path("maxReplicas") + ": " + max + " is below minReplicas " + min);
        }
        Optional<Integer> cpu = f.integer("targetCPUUtilizationPercentage", 1, 100);
        HorizontalPodAutoscalerBehavior behavior = null;
        Optional<EntryFields> b = f.object("behavior");
        if (b.isPresent()) {
            HpaBehaviors.Behavior resolved = HpaBehaviors.of(b.get());
            behavior = resolved.behavior();
            if (cpu.isEmpty()) {
                cpu = resolved.cpuTarget();
            }
        }
        MetricSpec metric = cpu.isEmpty() ? null : new MetricSpecBuilder().withType("Resource")
                .withNewResource().withName("cpu").withNewTarget().withType("Utilization").withAverageUtilization(cpu.get())
                .endTarget().endResource().build();
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withScaleTargetRef(target(f))
                .withMinReplicas(min)
                .withMaxReplicas(max)
                .withMetrics(metric == null ? null : java.util.List.of(metric))
                .withBehavior(behavior)
                .endSpec()
                .build();
    }

    private static CrossVersionObjectReference target(EntryFields f) throws InvalidEntryException {
        f.atMostOneOf("scaleTargetRef", "deploymentRef");
        if (f.has("deploymentRef")) {
            return new CrossVersionObjectReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                    .withName(f.requiredString("deploymentRef")).build();
        }
        EntryFields t = f.object("scaleTargetRef").orElseThrow(() -> f.missing("scaleTargetRef"));
        t.allowOnly(TARGET);
        return new CrossVersionObjectReferenceBuilder()
                .withApiVersion(t.string("apiVersion", "apps/v1"))
                .withKind(t.string("kind", "Deployment"))
                .withName(t.requiredString("name"))
                .build();
    }
}
