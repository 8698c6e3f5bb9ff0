package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quantities are sent the way the API server stores them, so that a reconcile with nothing to change finds the live
 * object equal and writes nothing.
 */
class QuantityTest {

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({
            "100m, 100m", "0.5, 500m", "0.1, 100m", "1000m, 1", "1, 1", "2000, 2k", "1500, 1500", "1.5, 1500m",
            "128Mi, 128Mi", "1024Mi, 1Gi", "1.5Gi, 1536Mi", "2048Ki, 2Mi", "512, 512", "1e3, 1e3", "1.5e3, 1500",
            "129e6, 129e6", "0, 0", "0Mi, 0", "1G, 1G", "250M, 250M", "0.000000001, 1n",
    })
    void sendsAQuantityInTheFormTheServerStoresIt(String written, String sent) throws Exception {
        Map<String, Object> resources = Map.of("limits", Map.of("memory", written));
        Deployment d = build("deployments", fields("name", "d", "namespace", "n", "image", "i", "resources", resources));

        String yaml = Serialization.asYaml(d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources());
        assertThat(yaml).contains("memory: \"" + sent + "\"");
    }
}
