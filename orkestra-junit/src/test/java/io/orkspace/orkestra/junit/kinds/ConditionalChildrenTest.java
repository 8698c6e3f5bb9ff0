package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code when}/{@code or} with the reference's operators and {@code forEach} over a list and a map, end to end: a
 * child whose condition turns false, or whose item leaves the list, is deleted (no orphans).
 */
@OrkestraTest
class ConditionalChildrenTest {

    static final java.nio.file.Path KATALOG = Bundles.KATALOGS.resolve("conditional.yaml");

    static final String FIRST = "{expose: \"true\", tier: gold, env: production-eu, replicas: 3, owner: team-a, "
            + "regions: [eu, us, ap], limits: {cpu: \"2\", memory: 4Gi}}";
    static final String SECOND = "{expose: \"false\", tier: bronze, env: staging-us, replicas: 8, regions: [eu], limits: {cpu: \"2\"}}";
    static final String THIRD = "{expose: \"false\", tier: bronze, env: staging-us, replicas: 1, regions: [], limits: {}}";

    /** The operator ConfigMaps whose condition holds for FIRST, and for SECOND. */
    static final Set<String> FIRST_OPERATORS = Set.of("equals", "contains", "suffix", "regex", "exists", "lt", "lte", "between",
            "in", "typestring", "template", "and");
    static final Set<String> SECOND_OPERATORS = Set.of("notequals", "notcontains", "prefix", "notexists", "gt", "gte",
            "notbetween", "notin", "negate");

    @Test
    void childrenFollowTheirConditionsAndListsAndUndeclaredOnesAreDeleted(OrkestraHarness h) throws Exception {
        h.start(KATALOG);
        h.apply(bundle("shop", FIRST));
        h.awaitReady(API, KIND, "shop");
        var ingress = h.client().network().v1().ingresses().inNamespace(h.namespace()).withName("shop-ingress");
        var premium = h.client().secrets().inNamespace(h.namespace()).withName("shop-premium");

        assertThat(ingress.get()).isNotNull();
        assertThat(premium.get()).isNotNull();
        Map<String, Map<String, String>> maps = configMaps(h);
        assertThat(maps.get("shop-region-eu")).containsEntry("region", "eu").containsEntry("item", "eu").containsEntry("index", "0");
        assertThat(maps.get("shop-region-us")).containsEntry("index", "1");
        assertThat(maps.get("shop-region-ap")).containsEntry("index", "2");
        assertThat(maps.get("shop-limit-cpu")).containsEntry("key", "cpu").containsEntry("value", "2");
        assertThat(maps.get("shop-limit-memory")).containsEntry("value", "4Gi");
        assertThat(operators(maps)).containsExactlyInAnyOrderElementsOf(FIRST_OPERATORS);

        // every condition flips, the lists shrink: what is no longer declared goes
        h.apply(bundle("shop", SECOND));
        eventually().untilAsserted(() -> {
            Map<String, Map<String, String>> now = configMaps(h);
            assertThat(now.keySet()).filteredOn(n -> !n.startsWith("shop-op-"))
                    .containsExactlyInAnyOrder("shop-region-eu", "shop-limit-cpu");
            assertThat(operators(now)).containsExactlyInAnyOrderElementsOf(SECOND_OPERATORS);
            assertThat(ingress.get()).isNull();
        });
        assertThat(premium.get()).as("the or: replicas > 5 holds now").isNotNull();
        assertThat(h.client().services().inNamespace(h.namespace()).withName("shop-svc").get()).isNotNull();
        assertThat(Bundles.messages(h, "shop")).contains("deleted Ingress shop-ingress (no longer declared)",
                "deleted ConfigMap shop-region-us (no longer declared)");

        // no branch of the or holds, the lists are empty
        h.apply(bundle("shop", THIRD));
        eventually().untilAsserted(() -> {
            assertThat(premium.get()).isNull();
            assertThat(configMaps(h).keySet()).noneMatch(n -> n.startsWith("shop-region-") || n.startsWith("shop-limit-"));
        });

        // and back: the Ingress returns with spec.expose
        h.apply(bundle("shop", FIRST));
        eventually().until(() -> ingress.get() != null && configMaps(h).containsKey("shop-region-ap"));
        h.awaitReady(API, KIND, "shop");
    }

    /** The ConfigMaps of the CR, by name. */
    static Map<String, Map<String, String>> configMaps(OrkestraHarness h) {
        List<ConfigMap> items = h.client().configMaps().inNamespace(h.namespace()).withLabel("orkestra-owner", "shop").list().getItems();
        return items.stream().filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getData() == null ? Map.of() : c.getData()));
    }

    static Set<String> operators(Map<String, Map<String, String>> maps) {
        return maps.keySet().stream().filter(n -> n.startsWith("shop-op-")).map(n -> n.substring("shop-op-".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
