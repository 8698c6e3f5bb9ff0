package io.orkspace.orkestra.registry;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.ResourceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dependsOn}, {@code deletionPolicy}, {@code adopt} and ordered {@code onDelete} groups, from Katalog to rendered children. */
class DependsOnRenderTest {

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: ordering}
            spec:
              crds:
                app:
                  apiTypes: {group: demo.orkestra.io, version: v1, kind: App, plural: apps}
                  operatorBox:
                    onCreate:
                      deployments:
                        - name: "{{ .metadata.name }}"
                          image: nginx
                          dependsOn: ["jobs/{{ .metadata.name }}-migrate", "ConfigMap/other/{{ .metadata.name }}-config"]
                          deletionPolicy: Orphan
                          adopt: true
                      jobs:
                        - name: "{{ .metadata.name }}-migrate"
                          image: busybox
                          dependsOn: ['{{ .spec.dependency | default "configmaps/shop-config" }}']
                    onReconcile:
                      configmaps:
                        - name: "{{ .metadata.name }}-config"
                          data: {mode: migrate}
                    onDelete:
                      ordered: true
                      timeout: 90s
                      groups:
                        - name: drain
                          jobs: [{name: "{{ .metadata.name }}-drain", image: busybox}]
                        - secrets: [{name: "{{ .metadata.name }}-credentials"}]
            """;

    @TempDir
    Path dir;

    @Test
    void rendersDependenciesAsKindAndNameWithTheirEntrysPolicies() throws Exception {
        Result r = render(Map.of());
        assertThat(r.result.errors()).isEmpty();
        DesiredChild deployment = r.result.children().get(0);
        assertThat(deployment.dependsOn()).containsExactly(new ChildRef("Job", null, "shop-migrate"),
                new ChildRef("ConfigMap", "other", "shop-config"));
        assertThat(deployment.entry().deletionPolicy()).isEqualTo(ResourceEntry.DeletionPolicy.Orphan);
        assertThat(deployment.entry().adopt()).isTrue();
        DesiredChild job = r.result.children().get(1);
        assertThat(job.dependsOn()).containsExactly(new ChildRef("ConfigMap", null, "shop-config"));
        assertThat(job.entry().deletionPolicy()).isEqualTo(ResourceEntry.DeletionPolicy.Delete);
        assertThat(deployment.dependsOn().get(0).matches(job.object(), "default")).isTrue();
        assertThat(deployment.dependsOn().get(1).matches(job.object(), "default")).isFalse();
    }

    @Test
    void aDependencyThatNamesNoChildIsALocatedError() throws Exception {
        Result r = render(Map.of("dependency", "just-a-name"));
        assertThat(r.result.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("spec.crds.app.operatorBox.onCreate.jobs[0].dependsOn[0]");
            assertThat(e.location().line()).isEqualTo(19);
            assertThat(e.detail()).startsWith("\"just-a-name\" does not name a child: write Kind/name");
        });
    }

    @Test
    void aDependencyOnAKindNoEntryDeclaresIsALocatedErrorNamingTheDeclaredKinds() throws Exception {
        Result r = render(Map.of("dependency", "Jbo/shop-migrate")); // a misspelt kind would match nothing, ever
        assertThat(r.result.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("spec.crds.app.operatorBox.onCreate.jobs[0].dependsOn[0]");
            assertThat(e.location().line()).isEqualTo(19);
            assertThat(e.detail()).isEqualTo("\"Jbo/shop-migrate\" names a Jbo, and no entry of onCreate or onReconcile "
                    + "declares one (declared: Deployment, Job, ConfigMap)");
        });
        assertThat(render(Map.of("dependency", "secrets/shop-credentials")).result.errors()).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("names a Secret, and no entry of onCreate or onReconcile"));
    }

    @Test
    void orderedDeletionKeepsItsGroupsAndTimeoutAndRendersThemInOrder() throws Exception {
        Result r = render(Map.of());
        var onDelete = r.crd.operatorBox().onDelete();
        assertThat(onDelete.ordered()).isTrue();
        assertThat(onDelete.timeout()).hasSeconds(90);
        assertThat(onDelete.groups()).extracting(g -> g.name()).containsExactly("drain", null);
        assertThat(onDelete.allEntries()).hasSize(2);
        ChildRenderer renderer = new ChildRenderer(KindHandlers.builtIn(), KatalogLoader.create().templates());
        assertThat(renderer.render(r.crd, cr(Map.of()), ChildRenderer.Phase.DELETE).children())
                .extracting(c -> c.object().getKind() + "/" + c.object().getMetadata().getName())
                .containsExactly("Job/shop-drain", "Secret/shop-credentials");
        assertThat(renderer.renderDeletionStage(r.crd, cr(Map.of()), onDelete.groups().get(1)).children())
                .extracting(c -> c.object().getMetadata().getName()).containsExactly("shop-credentials");
    }

    private record Result(CrdEntry crd, ChildRenderer.Result result) {
    }

    private Result render(Map<String, Object> spec) throws Exception {
        Path file = dir.resolve("katalog.yaml");
        Files.writeString(file, KATALOG);
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog = loader.load(file);
        CrdEntry crd = katalog.crd("app").orElseThrow();
        ChildRenderer renderer = new ChildRenderer(KindHandlers.builtIn(), loader.templates());
        return new Result(crd, renderer.render(crd, cr(spec), ChildRenderer.Phase.CREATE));
    }

    private static Map<String, Object> cr(Map<String, Object> spec) {
        return Map.of("apiVersion", "demo.orkestra.io/v1", "kind", "App",
                "metadata", Map.of("name", "shop", "namespace", "default", "uid", "u-1"), "spec", spec);
    }
}
