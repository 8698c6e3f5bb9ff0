package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared website Katalogs rendered for their CR, from Katalog file to objects, through the built-in handlers. */
class WebsiteKatalogRenderTest {

    private static final Path WEBSITE = Path.of(System.getProperty("orkestra.shared.dir", "../../shared"), "katalogs", "website");

    @Test
    void rendersTheWebsiteDeploymentAndServiceWithOwnerAndLabels() throws Exception {
        ChildRenderer.Result result = render("katalog.yaml");

        assertThat(result.errors()).isEmpty();
        assertThat(result.children()).extracting(c -> c.object().getKind() + "/" + c.object().getMetadata().getName())
                .containsExactly("Deployment/blog", "Service/blog-svc");
        Deployment d = (Deployment) result.children().get(0).object();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        Service s = (Service) result.children().get(1).object();
        assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(s.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(8080));
        for (DesiredChild child : result.children()) {
            HasMetadata o = child.object();
            assertThat(o.getMetadata().getNamespace()).isEqualTo("default");
            assertThat(o.getMetadata().getLabels()).containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", "blog");
            assertThat(o.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(r -> assertThat(r.getKind() + "/" + r.getName() + " " + r.getController()).isEqualTo("Website/blog true"));
        }
        assertThat(Serialization.asYaml(d)).contains("replicas: 3\n");
    }

    @Test
    void rendersTheSeedKatalogsDeploymentUnderItsDefaultName() throws Exception {
        ChildRenderer.Result result = render("seed-katalog.yaml");

        assertThat(result.errors()).isEmpty();
        assertThat(result.children()).extracting(c -> c.object().getMetadata().getName()).containsExactly("blog-deployment");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsAValueOfTheWrongTypeAtTheEntryThatRenderedIt() throws Exception {
        Map<String, Object> cr = cr();
        ((Map<String, Object>) cr.get("spec")).put("replicas", "three");

        ChildRenderer.Result result = render("katalog.yaml", cr);

        assertThat(result.children()).extracting(c -> c.object().getKind()).containsExactly("Service");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.path() + ": " + e.detail())
                    .startsWith("spec.crds.website.operatorBox.onCreate.deployments[0]")
                    .endsWith("replicas: expected an integer, got \"three\"");
            assertThat(e.location().toString()).contains("katalog.yaml:");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cr() throws Exception {
        return Serialization.yamlMapper().readValue(Files.readString(WEBSITE.resolve("cr.yaml")), Map.class);
    }

    private static ChildRenderer.Result render(String katalogFile) throws Exception {
        return render(katalogFile, cr());
    }

    private static ChildRenderer.Result render(String katalogFile, Map<String, Object> cr) throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog = loader.load(WEBSITE.resolve(katalogFile));
        ChildRenderer renderer = new ChildRenderer(KindHandlers.builtIn(), loader.templates());
        return renderer.render(katalog.crd("website").orElseThrow(), cr, ChildRenderer.Phase.CREATE);
    }
}
