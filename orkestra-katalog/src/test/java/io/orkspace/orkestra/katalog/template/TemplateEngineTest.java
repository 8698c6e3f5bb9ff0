package io.orkspace.orkestra.katalog.template;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();
    private final Map<String, Object> data = TemplateData.of(Map.of(
            "metadata", Map.of("name", "blog", "namespace", "web"),
            "spec", Map.of("replicas", 3, "ratio", 0.5, "enabled", true, "image", "nginx:1.27",
                    "ports", List.of(80, 443), "limits", Map.of("cpu", "1"))));

    @Test
    void aSingleActionEvaluatesToTheValueItsTypeAndNotItsText() throws Exception {
        assertThat(engine.compile("{{ .spec.replicas }}").evaluate(data)).isEqualTo(3);
        assertThat(engine.compile("  {{ .spec.replicas }}\n").evaluate(data)).isEqualTo(3);
        assertThat(engine.compile("{{ .spec.ratio }}").evaluate(data)).isEqualTo(0.5);
        assertThat(engine.compile("{{ .spec.enabled }}").evaluate(data)).isEqualTo(true);
        assertThat(engine.compile("{{ .spec.ports }}").evaluate(data)).isEqualTo(List.of(80, 443));
        assertThat(engine.compile("{{ .spec.limits }}").evaluate(data)).isEqualTo(Map.of("cpu", "1"));
        assertThat(engine.compile("{{ .spec.missing }}").evaluate(data)).isNull();
        assertThat(engine.compile("{{ .spec.missing | default 2 }}").evaluate(data)).isEqualTo(2);
        assertThat(engine.compile("{{ add .spec.replicas 1 }}").evaluate(data)).isEqualTo(4);
        assertThat(engine.compile("{{ 3 }}").evaluate(data)).isEqualTo(3);
        assertThat(engine.compile("{{ .spec.replicas }}x").evaluate(data)).isEqualTo("3x");
        assertThat(engine.compile("{{ .spec.replicas }}{{ .spec.replicas }}").evaluate(data)).isEqualTo("33");
    }

    @Test
    void theCapitalisedAliasesReadTheLowerCaseFields() throws Exception {
        assertThat(engine.compile("{{ .Name }}.{{ .Namespace }}:{{ .Spec.Image }}:{{ .Spec.Replicas }}").render(data))
                .isEqualTo("blog.web:nginx:1.27:3");
    }

    @Test
    void compiledTemplatesAreCachedBySource() throws Exception {
        Template first = engine.compile("{{ .metadata.name }}-svc");
        assertThat(engine.compile("{{ .metadata.name }}-svc")).isSameAs(first);
        assertThat(engine.compileUncached("{{ .metadata.name }}-svc")).isNotSameAs(first);
        assertThat(first.source()).isEqualTo("{{ .metadata.name }}-svc");
    }

    @Test
    void templatesCannotReachJavaMethodsOrClasses() throws Exception {
        // Go field syntax only reads map keys: no getter, no method, no class
        assertThat(engine.compile("{{ .spec.class }}{{ .spec.getClass }}").render(data)).isEmpty();
        assertThatThrownBy(() -> engine.compile("{{ .spec.image.class }}").render(data))
                .isInstanceOf(TemplateRenderException.class).hasMessage("cannot index a string with \"class\"");
        assertThatThrownBy(() -> engine.compile("{{ .spec.image.bytes }}").render(data))
                .isInstanceOf(TemplateRenderException.class);
        // Pebble syntax in a Go template is plain text, never evaluated
        assertThat(engine.compile("{{ \"{{ 7*7 }}{% set x = 1 %}\" }}").render(data)).isEqualTo("{{ 7*7 }}{% set x = 1 %}");
        assertThat(engine.compile("{% for x in [1,2] %}{{ .x }}{% endfor %}").render(data)).isEqualTo("{% for x in [1,2] %}{% endfor %}");
    }

    @Test
    void outputIsCapped() throws Exception {
        Template big = engine.compile("{{ range until 2000 }}{{ repeat 1000 \"x\" }}{{ end }}");
        assertThatThrownBy(() -> big.render(data)).isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("larger than " + TemplateEngine.MAX_OUTPUT);
    }

    @Test
    void aRenderErrorInAMultiLineTemplateNamesTheLine() throws Exception {
        Template t = engine.compile("a: {{ .Name }}\nb: {{ index .spec.ports 7 }}\n");
        assertThatThrownBy(() -> t.render(data)).hasMessage("index out of range: 7 (the list has 2 elements) (line 2)");
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        assertThatThrownBy(() -> engine.compile("ok\n  {{ .x | nosuchfn }}")).isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(11);
            assertThat(e.detail()).startsWith("unknown function \"nosuchfn\"");
        });
    }

    @Test
    void nondeterministicFunctionsProduceWellFormedValues() throws Exception {
        assertThat(engine.compile("{{ now | date \"2006-01-02\" }}").render(data)).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(engine.compile("{{ uuidv4 }}").render(data)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(engine.compile("{{ randAlphaNum 12 }}").render(data)).matches("[A-Za-z0-9]{12}");
    }

    @Test
    void isTemplateTellsTemplatesFromLiterals() {
        assertThat(TemplateEngine.isTemplate("{{ .Name }}")).isTrue();
        assertThat(TemplateEngine.isTemplate("nginx:1.27")).isFalse();
        assertThat(TemplateEngine.isTemplate(null)).isFalse();
    }

    @Test
    void oneCompiledTemplateRendersFromManyThreads() throws Exception {
        Template t = engine.compile("{{ range $i, $p := .spec.ports }}{{ $.Name }}-{{ $i }}-{{ $p }};{{ end }}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                Map<String, Object> d = TemplateData.of(Map.of("metadata", Map.of("name", "cr" + n), "spec", Map.of("ports", List.of(n, n + 1))));
                results.add(pool.submit(() -> t.render(d)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("cr" + i + "-0-" + i + ";cr" + i + "-1-" + (i + 1) + ";");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
