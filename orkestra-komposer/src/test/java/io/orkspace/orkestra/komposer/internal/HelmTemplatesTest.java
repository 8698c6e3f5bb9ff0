package io.orkspace.orkestra.komposer.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HelmTemplatesTest {

    @Test
    void stringLiteralActionsRenderToTheirText() {
        HelmTemplates.Rendered r = HelmTemplates.render("a: {{ \"{{ .spec.x }}\" }}\nb: {{`{{ .spec.y }}`}}\nc: {{ \"{{\" }} .z {{ \"}}\" }}\n"
                + "d: {{- \"q\\\"t\" -}}\ne: {{/* note */}}x\n");
        assertThat(r.text()).isEqualTo("a: {{ .spec.x }}\nb: {{ .spec.y }}\nc: {{ .z }}\nd: q\"t\ne: x\n");
        assertThat(r.unsupported()).isEmpty();
    }

    @Test
    void katalogTemplatesAreLeftAndHelmOnlyActionsReportedWithTheirPlace() {
        HelmTemplates.Rendered r = HelmTemplates.render("a: \"{{ .spec.image | default \\\"x\\\" }}\"\nb:\n  c: {{ include \"x\" . }}\n  d: {{ .Values.n }}\n");
        assertThat(r.text()).startsWith("a: \"{{ .spec.image | default \\\"x\\\" }}\"");
        assertThat(r.unsupported()).containsExactly(new HelmTemplates.Unsupported(3, 6, "{{ include \"x\" . }}"),
                new HelmTemplates.Unsupported(4, 6, "{{ .Values.n }}"));
    }

    @Test
    void documentsKeepTheirLineNumbers() {
        List<String> docs = HelmTemplates.documents("# c\n---\na: 1\n---\n# only a comment\n---\nb: 2\nc: 3\n");
        assertThat(docs).containsExactly("\n\na: 1\n\n\n\n\n\n", "\n\n\n\n\n\nb: 2\nc: 3\n");
    }
}
