package io.orkspace.orkestra.examples.website;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.KindHandlers;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebsiteExampleTest {

    @Test
    @SuppressWarnings("unchecked")
    void theBlogWebsiteBecomesADeploymentAndAServiceOwnedByIt() throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog = loader.load(Path.of("katalog.yaml"));
        Map<String, Object> cr = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(Path.of("cr.yaml")), Map.class);

        ChildRenderer.Result result = new ChildRenderer(KindHandlers.builtIn(), loader.templates())
                .render(katalog.crd("website").orElseThrow(), cr, ChildRenderer.Phase.CREATE);

        assertThat(result.errors()).isEmpty();
        List<HasMetadata> objects = result.children().stream().map(c -> c.object()).toList();
        assertThat(objects).hasSize(2);
        Deployment d = (Deployment) objects.get(0);
        assertThat(d.getMetadata().getName()).isEqualTo("blog");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        Service s = (Service) objects.get(1);
        assertThat(s.getMetadata().getName()).isEqualTo("blog-svc");
        assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(s.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
        for (HasMetadata o : objects) {
            assertThat(o.getMetadata().getLabels()).containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", "blog");
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Website");
                assertThat(ref.getController()).isTrue();
            });
        }
    }
}
