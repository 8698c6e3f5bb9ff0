package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.registry.KindHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dependsOn between rendered children: relations, cycles, and no blow-up on many paths. */
class CreationOrderTest {

    @Test
    void childrenThatWaitForEachOtherInACircleAreAnErrorNamingTheCircle() throws Exception {
        List<DesiredChild> children = render("""
                - {name: a, data: {k: v}, dependsOn: [ConfigMap/b]}
                - {name: b, data: {k: v}, dependsOn: [configmaps/c]}
                - {name: c, data: {k: v}, dependsOn: [ConfigMap/a]}
                - {name: d, data: {k: v}}
                """);
        assertThatThrownBy(() -> CreationOrder.of(children)).isInstanceOf(CreationOrder.Cycle.class)
                .hasMessage("dependsOn cycle: ConfigMap a -> ConfigMap b -> ConfigMap c -> ConfigMap a "
                        + "(declared at spec.crds.app.operatorBox.onCreate.configMaps[0])");
    }

    @Test
    void dependenciesAndDependentsAreBothWays() throws Exception {
        List<DesiredChild> c = render("""
                - {name: a, data: {k: v}}
                - {name: b, data: {k: v}, dependsOn: [ConfigMap/a, ConfigMap/missing]}
                """);
        CreationOrder order = CreationOrder.of(c);
        assertThat(order.dependenciesOf(c.get(1))).containsExactly(c.get(0));
        assertThat(order.dependentsOf(c.get(0))).containsExactly(c.get(1));
        assertThat(order.dependenciesOf(c.get(0))).isEmpty();
        assertThat(order.isEmpty()).isFalse();
    }

    @Test
    @Timeout(5)
    void layersOfDiamondsAreCheckedOnceEach() throws Exception {
        // 26 layers of two children, each waiting for both of the layer before: 2^26 paths (half a minute walked one by one), 52 children
        StringBuilder yaml = new StringBuilder("- {name: l0a, data: {k: v}}\n- {name: l0b, data: {k: v}}\n");
        for (int i = 1; i < 26; i++) {
            for (String side : List.of("a", "b")) {
                yaml.append("- {name: l").append(i).append(side).append(", data: {k: v}, dependsOn: [ConfigMap/l")
                        .append(i - 1).append("a, ConfigMap/l").append(i - 1).append("b]}\n");
            }
        }
        List<DesiredChild> children = render(yaml.toString());
        assertThat(CreationOrder.of(children).dependenciesOf(children.get(51))).hasSize(2);
    }

    private static List<DesiredChild> render(String configMaps) throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        CrdEntry crd = loader.parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    app:
                      apiTypes: {group: g.io, version: v1, kind: App, plural: apps}
                      operatorBox:
                        onCreate:
                          configMaps:
                """ + configMaps.indent(12), null).crd("app").orElseThrow();
        ChildRenderer.Result r = new ChildRenderer(KindHandlers.builtIn(), loader.templates()).render(crd,
                Map.of("apiVersion", "g.io/v1", "kind", "App", "metadata", Map.of("name", "x", "namespace", "default", "uid", "u")),
                ChildRenderer.Phase.CREATE);
        assertThat(r.errors()).isEmpty();
        return r.children();
    }
}
