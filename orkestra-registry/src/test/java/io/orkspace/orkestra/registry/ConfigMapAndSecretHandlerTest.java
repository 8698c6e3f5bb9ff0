package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.orkspace.orkestra.registry.Entries.build;
import static io.orkspace.orkestra.registry.Entries.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigMapAndSecretHandlerTest {

    @Test
    void defaultsNamesToCrNameWithConfigAndSecretSuffixes() {
        assertThat(Entries.handler("configMaps").defaultName()).isEqualTo("{{ .metadata.name }}-config");
        assertThat(Entries.handler("secrets").defaultName()).isEqualTo("{{ .metadata.name }}-secret");
    }

    @Test
    void writesConfigMapValuesAsText() throws Exception {
        ConfigMap cm = build("configMaps", fields("name", "c", "namespace", "ns",
                "data", Map.of("LEVEL", "info", "MAX", 100, "ON", true, "EMPTY", "")));

        assertThat(cm.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("LEVEL", "info", "MAX", "100", "ON", "true", "EMPTY", ""));
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("ns");
    }

    @Test
    void leavesDataOutOfAConfigMapWithoutData() throws Exception {
        ConfigMap cm = build("configMaps", fields("name", "c", "namespace", "ns"));

        assertThat(cm.getData()).isNullOrEmpty();
    }

    @Test
    void rejectsConfigMapDataThatIsNotAMapOfText() {
        assertThatThrownBy(() -> build("configMaps", fields("name", "c", "namespace", "ns", "data", List.of("a"))))
                .hasMessage("data: expected a map, got a list");
        assertThatThrownBy(() -> build("configMaps", fields("name", "c", "namespace", "ns", "data", Map.of("nested", Map.of("a", 1)))))
                .hasMessage("data.nested: expected a string, got a map");
    }

    @Test
    void encodesSecretDataInBase64WithTypeOpaqueByDefault() throws Exception {
        Secret s = build("secrets", fields("name", "s", "namespace", "ns", "data", Map.of("PASSWORD", "supersecret", "PIN", 1234)));

        assertThat(s.getType()).isEqualTo("Opaque");
        assertThat(s.getStringData()).isNullOrEmpty();
        assertThat(decode(s.getData().get("PASSWORD"))).isEqualTo("supersecret");
        assertThat(decode(s.getData().get("PIN"))).isEqualTo("1234");
    }

    @Test
    void keepsTheSecretTypeGiven() throws Exception {
        Secret s = build("secrets", fields("name", "s", "namespace", "ns", "type", "kubernetes.io/tls",
                "data", Map.of("tls.crt", "CERT", "tls.key", "KEY")));

        assertThat(s.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(s.getData()).containsOnlyKeys("tls.crt", "tls.key");
    }

    @Test
    void rejectsASecretTypeThatIsNotText() {
        assertThatThrownBy(() -> build("secrets", fields("name", "s", "namespace", "ns", "type", List.of("Opaque"))))
                .hasMessage("type: expected a string, got a list");
    }

    @Test
    void rejectsFieldsTheKindDoesNotHave() {
        assertThatThrownBy(() -> build("configMaps", fields("name", "c", "namespace", "ns", "stringData", Map.of())))
                .hasMessageStartingWith("stringData: unknown field (expected one of annotations, data, labels, name, namespace)");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
