package io.orkspace.orkestra.examples.josdk;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.util.List;
import java.util.Map;

/**
 * A Java Operator SDK reconciler, written as JOSDK's documentation shows. For each {@code Shop} it server-side
 * applies a {@code Website}, the custom resource that the Orkestra engine in the same process turns into a Deployment
 * and a Service. It watches the Websites it owns, and it reports in the Shop's status whether Orkestra has made its
 * Website {@code Ready}.
 */
@ControllerConfiguration(name = "shop")
public class ShopReconciler implements Reconciler<Shop> {

    static final GroupVersionKind WEBSITE = new GroupVersionKind("demo.orkestra.io", "v1alpha1", "Website");

    @Override
    public List<EventSource<?, Shop>> prepareEventSources(EventSourceContext<Shop> context) {
        // Orkestra's status writes on the Website come back here as events, mapped to the Shop by owner reference
        InformerEventSourceConfiguration<GenericKubernetesResource> websites = InformerEventSourceConfiguration.from(WEBSITE, Shop.class)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Shop.class))
                .build();
        return List.of(new InformerEventSource<>(websites, context));
    }

    @Override
    public UpdateControl<Shop> reconcile(Shop shop, Context<Shop> context) {
        GenericKubernetesResource website = desiredWebsite(shop);
        context.getClient().resource(website).fieldManager("shop").forceConflicts().serverSideApply();

        boolean ready = context.getSecondaryResource(GenericKubernetesResource.class).map(ShopReconciler::isReady).orElse(false);
        Shop.Status status = new Shop.Status();
        status.setWebsite(website.getMetadata().getName());
        status.setWebsiteReady(ready);
        status.setObservedGeneration(shop.getMetadata().getGeneration());
        shop.setStatus(status);
        return UpdateControl.patchStatus(shop);
    }

    /** The Website the Orkestra Katalog reconciles: image and replicas from the Shop, owned by it. */
    static GenericKubernetesResource desiredWebsite(Shop shop) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(WEBSITE.apiVersion()).withKind(WEBSITE.getKind())
                .withNewMetadata().withName(shop.getMetadata().getName()).withNamespace(shop.getMetadata().getNamespace())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(shop.getApiVersion()).withKind(shop.getKind())
                        .withName(shop.getMetadata().getName()).withUid(shop.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("image", shop.getSpec().getImage(), "replicas", shop.getSpec().getReplicas(),
                        "port", 8080))
                .build();
    }

    /** Whether Orkestra has reported the Website {@code Ready=True}. */
    static boolean isReady(GenericKubernetesResource website) {
        Object status = website.getAdditionalProperties().get("status");
        Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> cm
                && "Ready".equals(cm.get("type")) && "True".equals(cm.get("status")));
    }
}
