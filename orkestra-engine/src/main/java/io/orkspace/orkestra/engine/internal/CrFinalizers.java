package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.katalog.CrdEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orkestra's finalizer (and the Katalog's own finalizer names) on a CRD entry's CRs. */
final class CrFinalizers {

    static final String FINALIZER = "orkestra.orkspace.io/finalizer";

    private final CrdEntry crd;
    private final KubernetesClient client;
    private final ResourceDefinitionContext context;

    CrFinalizers(CrdEntry crd, KubernetesClient client, ResourceDefinitionContext context) {
        this.crd = crd;
        this.client = client;
        this.context = context;
    }

    boolean has(GenericKubernetesResource cr) {
        List<String> f = cr.getMetadata().getFinalizers();
        return f != null && f.contains(FINALIZER);
    }

    /** Adds or removes our finalizer with a merge patch guarded by the resourceVersion (409 means: reconcile again). */
    void set(GenericKubernetesResource cr, boolean add) {
        List<String> finalizers = new ArrayList<>(cr.getMetadata().getFinalizers() == null ? List.of() : cr.getMetadata().getFinalizers());
        if (add) {
            finalizers.add(FINALIZER);
            // the Katalog's own finalizer names (spec.finalizers, the entry's or the operatorBox's), held until onDelete ran
            crd.finalizers().stream().filter(f -> !finalizers.contains(f)).forEach(finalizers::add);
        } else if (crd.removeFinalizers()) {
            finalizers.clear(); // removeFinalizers: strip every finalizer on delete (test clusters), as the reference does
        } else {
            finalizers.remove(FINALIZER);
            finalizers.removeAll(crd.finalizers());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finalizers", finalizers);
        metadata.put("resourceVersion", cr.getMetadata().getResourceVersion());
        resource(cr).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata", metadata)));
    }

    /** The CR itself, for patches of its metadata. */
    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource(GenericKubernetesResource cr) {
        return cr.getMetadata().getNamespace() == null
                ? client.genericKubernetesResources(context).withName(cr.getMetadata().getName())
                : client.genericKubernetesResources(context).inNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName());
    }
}
