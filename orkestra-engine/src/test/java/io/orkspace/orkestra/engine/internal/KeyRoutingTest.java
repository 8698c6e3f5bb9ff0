package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.orkspace.orkestra.katalog.ApiTypes;
import io.orkspace.orkestra.katalog.Observe;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRoutingTest {

    private static final ApiTypes APP = new ApiTypes("demo.orkestra.io", "v1", "App", "apps");
    private static final List<String> CRS = List.of("default/shop", "default/blog", "staging/shop");

    private final KeyRouting routing = new KeyRouting(APP, true, new KeyRouting.Primaries() {
        @Override
        public Collection<String> keys() {
            return CRS;
        }

        @Override
        public boolean has(String key) {
            return CRS.contains(key);
        }
    });

    @Test
    void aLabelNamesTheCrInTheObjectsNamespaceOrAsNamespaceSlashName() {
        Optional<Observe.KeyFrom> byLabel = Optional.of(new Observe.KeyFrom("owner", null, null));
        assertThat(routing.route(byLabel, object("default", Map.of("owner", "shop")))).containsExactly("default/shop");
        assertThat(routing.route(byLabel, object("config", Map.of("owner", "staging/shop")))).containsExactly("staging/shop");
        assertThat(routing.route(byLabel, object("default", Map.of("owner", "nobody")))).as("no such CR").isEmpty();
        assertThat(routing.route(byLabel, object("default", Map.of()))).as("no label: no CR, not every CR").isEmpty();
    }

    @Test
    void aFixedNameIsThatCrOrEveryCrOfThatNameWithoutNamespace() {
        assertThat(routing.route(Optional.of(new Observe.KeyFrom(null, "shop", "staging")), object("config", Map.of())))
                .containsExactly("staging/shop");
        assertThat(routing.route(Optional.of(new Observe.KeyFrom(null, "shop", null)), object("config", Map.of())))
                .containsExactly("default/shop", "staging/shop");
    }

    @Test
    void withoutKeyFromOwnerReferencesToThePrimaryKindDecideElseEveryCr() {
        GenericKubernetesResource owned = object("default", Map.of());
        owned.getMetadata().setOwnerReferences(List.of(
                new OwnerReferenceBuilder().withApiVersion("demo.orkestra.io/v1").withKind("App").withName("blog").build(),
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("blog-1").build()));
        assertThat(routing.route(Optional.empty(), owned)).containsExactly("default/blog");
        assertThat(routing.everyCr(Optional.empty(), owned)).isFalse();

        GenericKubernetesResource shared = object("config", Map.of());
        assertThat(routing.route(Optional.empty(), shared)).containsExactlyElementsOf(CRS);
        assertThat(routing.everyCr(Optional.empty(), shared)).isTrue();
    }

    private static GenericKubernetesResource object(String namespace, Map<String, String> labels) {
        GenericKubernetesResource o = new GenericKubernetesResource();
        o.setApiVersion("v1");
        o.setKind("ConfigMap");
        o.setMetadata(new ObjectMetaBuilder().withName("x").withNamespace(namespace).withLabels(labels).build());
        return o;
    }
}
