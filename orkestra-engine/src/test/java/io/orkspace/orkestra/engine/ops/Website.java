package io.orkspace.orkestra.engine.ops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The test Katalog (src/test/resources/website): a Website becomes a Deployment and a Service. */
final class Website {
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder().withGroup("demo.orkestra.io")
            .withVersion("v1alpha1").withKind("Website").withPlural("websites").withNamespaced(true).build();

    private Website() {
    }

    static Path katalog() {
        return resource("website/katalog.yaml");
    }

    static Path crd() {
        return resource("website/crd.yaml");
    }

    private static Path resource(String name) {
        try {
            return Path.of(Website.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void installCrd(KubernetesClient client) throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(crd())) {
            client.load(in).serverSideApply();
        }
    }

    static GenericKubernetesResource create(KubernetesClient client, String name, int replicas) {
        GenericKubernetesResource cr = new GenericKubernetesResourceBuilder().withApiVersion("demo.orkestra.io/v1alpha1")
                .withKind("Website").withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("image", "nginx:1.27", "replicas", replicas, "port", 8080)).build();
        return client.genericKubernetesResources(CONTEXT).inNamespace("default").resource(cr).create();
    }

    @SuppressWarnings("unchecked")
    static boolean ready(KubernetesClient client, String name) {
        GenericKubernetesResource cr = client.genericKubernetesResources(CONTEXT).inNamespace("default").withName(name).get();
        if (cr == null || !(cr.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return false;
        }
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
    }
}
