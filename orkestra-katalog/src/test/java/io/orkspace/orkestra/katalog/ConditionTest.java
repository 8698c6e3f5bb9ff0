package io.orkspace.orkestra.katalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operator of the reference, through the loader (so shorthands are covered too). */
class ConditionTest {

    private static final Map<String, Object> CR = Map.of(
            "metadata", Map.of("name", "blog", "namespace", "default"),
            "spec", Map.of("tier", "gold", "replicas", 3, "region", "eu-west-1", "tags", List.of("a", "b"),
                    "empty", "", "flag", true, "limits", Map.of("cpu", "1")));

    private static Conditions load(String conditionYaml) throws KatalogException {
        Katalog k = KatalogLoader.create().parse("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    a:
                      apiTypes: {group: g.io, version: v1, kind: A, plural: as}
                      operatorBox:
                        onCreate:
                          configMaps:
                            - data: {a: b}
                              when:
                                - %s
                """.formatted(conditionYaml), null);
        return k.crd("a").orElseThrow().operatorBox().onCreate().entries().get(0).conditions();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{field: spec.tier, equals: gold}                          | true",
        "{field: spec.tier, equals: silver}                        | false",
        "{field: .spec.tier, notEquals: silver}                    | true",
        "{field: '{{ .spec.tier }}', operator: equals, value: gold} | true",
        "{field: spec.region, contains: west}                      | true",
        "{field: spec.region, notContains: east}                   | true",
        "{field: spec.region, prefix: eu-}                         | true",
        "{field: spec.region, notPrefix: us-}                      | true",
        "{field: spec.region, suffix: '-1'}                        | true",
        "{field: spec.region, notSuffix: '-2'}                     | true",
        "{field: spec.region, regex: '^eu-[a-z]+-[0-9]$'}          | true",
        "{field: spec.tier, exists: true}                          | true",
        "{field: spec.missing, exists: true}                       | false",
        "{field: spec.empty}                                       | false",
        "{field: spec.missing, notExists: true}                    | true",
        "{field: spec.tier, exists: false}                         | false",
        "{field: spec.replicas, greaterThan: '2'}                  | true",
        "{field: spec.replicas, lessThan: '3'}                     | false",
        "{field: spec.replicas, greaterThanOrEqual: '3'}           | true",
        "{field: spec.replicas, min: '4'}                          | false",
        "{field: spec.replicas, lessThanOrEqual: '3'}              | true",
        "{field: spec.replicas, max: '2'}                          | false",
        "{field: spec.replicas, operator: gt, value: '1'}          | true",
        "{field: spec.replicas, between: '1,3'}                    | true",
        "{field: spec.replicas, notBetween: '1,3'}                 | false",
        "{field: spec.tier, in: 'silver, gold'}                    | true",
        "{field: spec.tier, notIn: 'silver,bronze'}                | true",
        "{field: spec.tags, operator: typeList}                    | true",
        "{field: spec.limits, operator: typeMap}                   | true",
        "{field: spec.tier, operator: typeString}                  | true",
        "{field: spec.replicas, operator: typeNumber}              | true",
        "{field: spec.flag, operator: typeBool}                    | true",
        "{field: spec.missing, operator: typeNull}                 | true",
        "{field: spec.tier, operator: typeOf, value: string}       | true",
        "{field: spec.replicas, equals: '3.0', valueType: float}   | true",
        "{field: spec.replicas, equals: '3.0'}                     | false",
        "{field: spec.flag, equals: 'true', valueType: bool}       | true",
        "{field: spec.tier, equals: gold, negate: true}            | false",
        "{field: .Spec.Tier, equals: gold}                         | true",
    })
    void everyOperatorEvaluatesAsTheReferenceDocuments(String condition, boolean expected) throws Exception {
        Map<String, Object> data = io.orkspace.orkestra.katalog.template.TemplateData.of(CR);

        assertThat(load(condition).test(data)).isEqualTo(expected);
    }

    @Test
    void aNumericOperatorOnANonNumberIsALocatedRenderError() throws Exception {
        Conditions c = load("{field: spec.tier, greaterThan: '1'}");

        assertThatThrownBy(() -> c.test(io.orkspace.orkestra.katalog.template.TemplateData.of(CR)))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("when[0]")
                .hasMessageContaining("gt compares numbers, but the value is \"gold\"");
    }

    @org.junit.jupiter.api.Test
    void aRegexThatBacktracksWithoutEndGivesUpWithALocatedError() throws Exception {
        Conditions c = load("{field: spec.name, regex: '^(a+)+\\1$'}"); // 18 s on this input without a limit
        Map<String, Object> hostile = Map.of("metadata", Map.of("name", "x"), "spec", Map.of("name", "a".repeat(30) + "!"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> c.test(io.orkspace.orkestra.katalog.template.TemplateData.of(hostile)))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("when[0]")
                .hasMessageContaining("gave up after 100 ms on a value of 31 characters");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
        // the same expression on an ordinary value is evaluated as usual
        assertThat(c.test(io.orkspace.orkestra.katalog.template.TemplateData.of(
                Map.of("metadata", Map.of("name", "x"), "spec", Map.of("name", "aaaa"))))).isTrue();
    }
}
