package io.orkspace.orkestra.katalog.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaTest {

    @Test
    void theBuiltInSchemaParsesAndEveryReferencedTypeIsDefined() {
        Schema schema = Schema.builtIn();

        assertThat(schema.has("Katalog")).isTrue();
        assertThat(schema.has("Komposer")).isTrue();
        assertThat(schema.type("CrdEntry").fields()).containsKeys("apiTypes", "operatorBox", "dependsOn", "workers");
    }

    @Test
    void everyAliasPointsAtAFieldOfTheSameObject() {
        Schema schema = Schema.builtIn();
        for (String typeName : List.of("OperatorBox", "TemplateBlock", "Hooks", "DeploymentEntry", "StatusField", "ValidationRule")) {
            Schema.ObjectType type = schema.type(typeName);
            for (Schema.Field f : type.fields().values()) {
                if (f.alias() != null && !f.alias().contains(".")) {
                    assertThat(type.fields()).as(typeName + "." + f.name() + " -> " + f.alias()).containsKey(f.alias());
                }
            }
        }
    }

    @Test
    void aMalformedSchemaLineFailsWithItsLineNumber() {
        assertThatThrownBy(() -> Schema.parse("type A\n  x strng<\n"))
                .hasMessageContaining("katalog-schema.txt:2");
        assertThatThrownBy(() -> Schema.parse("type A\n  x Missing\n"))
                .hasMessageContaining("undefined type Missing");
    }

    @Test
    void theKatalogReferenceListsEveryFieldThatIsNotSupportedYet() throws Exception {
        Path doc = Path.of("../docs/katalog-reference.md");
        List<String> lines = Files.readAllLines(doc);
        Schema schema = Schema.builtIn();
        for (String typeName : List.of("Katalog", "CrdEntry", "OperatorBox", "TemplateBlock", "DeploymentEntry", "ServiceEntry",
                "ConfigMapEntry", "SecretEntry", "Condition", "Queue", "Reconciler", "Hooks")) {
            Optional<String> row = lines.stream().filter(l -> l.startsWith("| `" + typeName + "` |")).findFirst();
            assertThat(row).as("a 'Not supported yet' row for " + typeName).isPresent();
            for (Map.Entry<String, Schema.Field> f : schema.type(typeName).fields().entrySet()) {
                if (f.getValue().unsupported() && f.getValue().alias() == null) {
                    assertThat(row.get()).as(typeName + "." + f.getKey()).contains("`" + f.getKey() + "`");
                } else if (!f.getValue().unsupported()) {
                    assertThat(row.get()).as(typeName + "." + f.getKey() + " is supported").doesNotContain("`" + f.getKey() + "`");
                }
            }
        }
    }
}
