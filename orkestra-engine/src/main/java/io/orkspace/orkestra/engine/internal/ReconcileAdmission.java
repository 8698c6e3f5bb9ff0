package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.webhook.Admission;

import java.util.List;
import java.util.Map;

/**
 * The entry's admission rules at reconcile time, as the reference runs them: mutation ({@code default}/{@code override})
 * and validation, skipping rules with {@code fires.reconcile: false}. A mutation is written to the CR as a JSON patch
 * (the reconcile stops there; the change brings the CR back); a failed validation is a failed reconcile
 * ({@code ValidationFailed}: Ready=False, a Warning event, retried with backoff).
 */
final class ReconcileAdmission {

    /** What the rules say about a CR: nothing, a patch to write, or why it is not acceptable. */
    record Outcome(List<Map<String, Object>> patch, String reason, String message) {
        static final Outcome PASS = new Outcome(List.of(), null, null);

        boolean failed() {
            return reason != null;
        }

        boolean mutated() {
            return !patch.isEmpty();
        }
    }

    private final Admission admission;
    private final KubernetesClient client;
    private final ResourceDefinitionContext context;

    private ReconcileAdmission(Admission admission, KubernetesClient client, ResourceDefinitionContext context) {
        this.admission = admission;
        this.client = client;
        this.context = context;
    }

    static ReconcileAdmission of(CrdEntry crd, KubernetesClient client, ResourceDefinitionContext context) {
        boolean rules = !crd.mutation().rules().isEmpty() || !crd.validation().rules().isEmpty();
        return new ReconcileAdmission(rules ? Admission.of(crd) : null, client, context);
    }

    /** Runs the rules on the CR ({@code mutation.mutateFirst} decides whether validation sees the mutated object). */
    Outcome check(Map<String, Object> cr) {
        if (admission == null) {
            return Outcome.PASS;
        }
        Admission.Mutated m = admission.hasMutation() ? admission.mutate(cr, Admission.Phase.RECONCILE) : null;
        if (m != null && m.failed()) {
            return new Outcome(List.of(), "MutationFailed", String.join("; ", m.errors()));
        }
        Map<String, Object> checked = m != null && admission.mutateFirst() ? m.object() : cr;
        Admission.Verdict v = admission.hasValidation() ? admission.validate(checked, Admission.Phase.RECONCILE) : null;
        if (v != null && !v.allowed()) {
            return new Outcome(List.of(), "ValidationFailed", v.message());
        }
        return m == null || !m.changed() ? Outcome.PASS : new Outcome(m.jsonPatch(), null, null);
    }

    /** Writes a mutation to the CR. */
    void write(GenericKubernetesResource cr, List<Map<String, Object>> patch) {
        var resource = cr.getMetadata().getNamespace() == null
                ? client.genericKubernetesResources(context).withName(cr.getMetadata().getName())
                : client.genericKubernetesResources(context).inNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName());
        resource.patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch));
    }
}
