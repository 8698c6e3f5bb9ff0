package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.Katalog;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

    static final String APPS = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: apps}
            spec:
              crds:
                app:
                  apiTypes: {group: apps.example.io, version: v1, kind: App, plural: apps}
                  restrictedNamespaces: ["kube-*", secure]
                  validation:
                    rules:
                      - field: spec.replicas
                        operator: lte
                        value: "10"
                        valueType: int
                        message: replicas must not exceed 10
                      - field: spec.image
                        prefix: "registry.example.com/"
                        message: "image must come from registry.example.com"
                        action: warn
                      - field: spec.approval
                        exists: true
                        message: "{{ .metadata.name }}: production apps need spec.approval"
                        when:
                          - field: spec.environment
                            equals: production
                      - field: spec.team
                        exists: true
                        message: spec.team is required
                        fires:
                          reconcile: false
                  mutation:
                    rules:
                      - field: spec.replicas
                        default: 1
                        valueType: int
                      - field: spec.engine
                        override: postgres
                      - field: spec.endpoint
                        override: "{{ .metadata.name }}.{{ .metadata.namespace }}.svc"
                      - field: spec.targetRevision
                        default: main
                        when:
                          - field: spec.environment
                            equals: staging
                      - field: spec.resources.cpu
                        default: "{{ .spec.size | default \\"2\\" }}"
                        valueType: float
                      - field: metadata.labels["app.kubernetes.io/name"]
                        default: "{{ .metadata.name }}"
                      - field: spec.port
                        default: "{{ .spec.portName }}"
                        valueType: int
                        fires:
                          reconcile: false
                job:
                  apiTypes: {group: apps.example.io, version: v1, kind: Job, plural: jobs}
                  allowedNamespaces: [batch, "team-*"]
                  webhooks:
                    operations: [CREATE]
                  validation:
                    rules:
                      - field: spec.schedule
                        exists: true
                        message: a schedule is required
            """;

    static final Katalog KATALOG = Samples.katalog(APPS);
    private final Admission app = Admission.of(KATALOG.crd("app").orElseThrow());
    private final Admission job = Admission.of(KATALOG.crd("job").orElseThrow());

    /** A valid App with the given spec fields added. */
    static Map<String, Object> valid(Map<String, Object> spec) {
        Map<String, Object> cr = app(Map.of("replicas", 3, "image", "registry.example.com/shop", "team", "a"));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) cr.get("spec");
        s.putAll(spec);
        return cr;
    }

    static Map<String, Object> app(Map<String, Object> spec) {
        Map<String, Object> cr = new LinkedHashMap<>();
        cr.put("apiVersion", "apps.example.io/v1");
        cr.put("kind", "App");
        cr.put("metadata", new LinkedHashMap<>(Map.of("name", "shop", "namespace", "prod")));
        cr.put("spec", new LinkedHashMap<>(spec));
        return cr;
    }

    @Test
    void anObjectThatKeepsTheRulesIsAllowed() {
        Admission.Verdict v = app.validate(app(Map.of("replicas", 3, "image", "registry.example.com/shop", "team", "a")),
                Admission.Phase.ADMISSION);

        assertThat(v.allowed()).isTrue();
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void aBrokenDenyRuleDeniesWithItsMessageTheFieldAndTheValue() {
        Admission.Verdict v = app.validate(app(Map.of("replicas", 12, "image", "registry.example.com/shop", "team", "a")),
                Admission.Phase.ADMISSION);

        assertThat(v.allowed()).isFalse();
        assertThat(v.message()).isEqualTo("spec.replicas: replicas must not exceed 10 (got 12)");
        assertThat(v.denials().get(0).location().line()).isPositive();
    }

    @Test
    void aWarnRuleOnlyWarns() {
        Admission.Verdict v = app.validate(valid(Map.of("image", "docker.io/shop")), Admission.Phase.ADMISSION);

        assertThat(v.allowed()).isTrue();
        assertThat(v.warnings()).extracting(Admission.Violation::describe)
                .containsExactly("spec.image: image must come from registry.example.com (got \"docker.io/shop\")");
    }

    @Test
    void rulesApplyOnlyWhenTheirConditionsHoldAndMessagesAreTemplates() {
        assertThat(app.validate(valid(Map.of("environment", "staging")), Admission.Phase.ADMISSION).allowed()).isTrue();

        Admission.Verdict v = app.validate(valid(Map.of("environment", "production")), Admission.Phase.ADMISSION);
        assertThat(v.message()).isEqualTo("spec.approval: shop: production apps need spec.approval");
    }

    @Test
    void admissionOnlyRulesAreSkippedAtReconcile() {
        Map<String, Object> noTeam = app(Map.of("replicas", 3, "image", "registry.example.com/shop"));
        assertThat(app.validate(noTeam, Admission.Phase.ADMISSION).message()).isEqualTo("spec.team: spec.team is required");
        assertThat(app.validate(noTeam, Admission.Phase.RECONCILE).allowed()).isTrue();
    }

    @Test
    void anAbsentFieldBreaksAComparisonRule() {
        Admission.Verdict v = app.validate(app(Map.of("image", "registry.example.com/shop", "team", "a")), Admission.Phase.ADMISSION);

        assertThat(v.message()).isEqualTo("spec.replicas: replicas must not exceed 10");
    }

    @Test
    void aRuleThatCannotBeEvaluatedDeniesSayingWhy() {
        Admission.Verdict v = app.validate(valid(Map.of("replicas", "many")), Admission.Phase.ADMISSION);

        assertThat(v.message()).startsWith("spec.replicas: replicas must not exceed 10 (the rule at <input>:")
                .contains("could not be evaluated: lte compares numbers, but the value is \"many\")")
                .endsWith("(got \"many\")");
    }

    @Test
    void mutationSetsDefaultsAndOverridesAsAPlainFunction() {
        Map<String, Object> cr = app(Map.of("engine", "mysql", "environment", "staging"));

        Admission.Mutated m = app.mutate(cr, Admission.Phase.RECONCILE);

        assertThat(m.errors()).isEmpty();
        assertThat(m.object().get("spec")).isEqualTo(Map.of("engine", "postgres", "environment", "staging", "replicas", 1,
                "endpoint", "shop.prod.svc", "targetRevision", "main", "resources", Map.of("cpu", 2.0)));
        assertThat(((Map<?, ?>) m.object().get("metadata")).get("labels")).isEqualTo(Map.of("app.kubernetes.io/name", "shop"));
        assertThat(m.changes()).extracting(Admission.Change::field).containsExactly("spec.replicas", "spec.engine",
                "spec.endpoint", "spec.targetRevision", "spec.resources.cpu", "metadata.labels[\"app.kubernetes.io/name\"]");
        assertThat(cr.get("spec")).isEqualTo(Map.of("engine", "mysql", "environment", "staging")); // input untouched
    }

    @Test
    void defaultsLeaveSetFieldsAloneAndZeroIsAValue() {
        Admission.Mutated m = app.mutate(app(Map.of("replicas", 0, "engine", "postgres", "endpoint", "shop.prod.svc",
                "resources", Map.of("cpu", 0.5))), Admission.Phase.RECONCILE);

        assertThat(m.changes()).extracting(Admission.Change::field).containsExactly("metadata.labels[\"app.kubernetes.io/name\"]");
        assertThat(((Map<?, ?>) m.object().get("spec")).get("replicas")).isEqualTo(0);
    }

    @Test
    void theJsonPatchTurnsTheInputIntoTheResult() {
        Admission.Mutated m = app.mutate(app(Map.of("engine", "mysql", "replicas", 2, "resources", Map.of("cpu", 1))),
                Admission.Phase.RECONCILE);

        assertThat(m.jsonPatch()).containsExactly(
                Map.of("op", "add", "path", "/metadata/labels", "value", Map.of("app.kubernetes.io/name", "shop")),
                Map.of("op", "replace", "path", "/spec/engine", "value", "postgres"),
                Map.of("op", "add", "path", "/spec/endpoint", "value", "shop.prod.svc"));
    }

    @Test
    void aValueThatDoesNotCastIsAnErrorNamingTheRuleAndTheRestStillApplies() {
        Admission.Mutated m = app.mutate(app(Map.of("portName", "http")), Admission.Phase.ADMISSION);

        assertThat(m.errors()).singleElement().asString()
                .startsWith("spec.port: cannot convert \"http\" to an int (<input>:");
        assertThat(((Map<?, ?>) m.object().get("spec")).get("engine")).isEqualTo("postgres");
        assertThat(((Map<?, ?>) m.object().get("spec")).containsKey("port")).isFalse();
        // and at reconcile that admission-only rule does not run
        assertThat(app.mutate(app(Map.of("portName", "http")), Admission.Phase.RECONCILE).errors()).isEmpty();
    }

    @Test
    void aFieldOnTheWayThatIsNotAnObjectIsAnError() {
        Map<String, Object> cr = app(Map.of());
        cr.put("spec", "oops");

        Admission.Mutated m = app.mutate(cr, Admission.Phase.RECONCILE);

        assertThat(m.errors()).first().asString().startsWith("spec.replicas: spec is a string, not an object (");
    }

    @Test
    void restrictedAndAllowedNamespacesWithWildcards() {
        assertThat(app.namespaceDenial("kube-system")).contains("namespace kube-system is restricted for App (restrictedNamespaces: kube-*)");
        assertThat(app.namespaceDenial("secure")).contains("namespace secure is restricted for App");
        assertThat(app.namespaceDenial("default")).isEmpty();
        assertThat(app.namespaceDenial("")).isEmpty();
        assertThat(job.namespaceDenial("team-a")).isEmpty();
        assertThat(job.namespaceDenial("batch")).isEmpty();
        assertThat(job.namespaceDenial("default")).contains("namespace default is not allowed for Job (allowedNamespaces: batch, team-*)");
    }

    @Test
    void aHostileValueCannotHoldTheReviewWithABacktrackingRegex() {
        Admission a = db("""
                - {field: spec.name, regex: '^(a+)+\\1$', message: "a name of repeated a's"}
                """);
        long start = System.nanoTime();
        // 18 s of backtracking on this value without the limit
        Admission.Verdict v = a.validate(app(Map.of("name", "a".repeat(30) + "!")), Admission.Phase.ADMISSION);

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(v.allowed()).isFalse();
        assertThat(v.message()).contains("could not be evaluated: the regular expression ^(a+)+\\1$ gave up after 100 ms");
        assertThat(a.validate(app(Map.of("name", "aaaa")), Admission.Phase.ADMISSION).allowed()).isTrue();
    }

    @Test
    void shorthandRulesAsTheReferenceWritesThem() {
        Admission a = db("""
                - {field: spec.replicas, max: 10, message: at most 10}
                - {field: spec.replicas, min: 1, message: at least 1}
                - {field: spec.engine, in: "postgres,mysql", message: "unsupported engine"}
                """);

        assertThat(a.validate(app(Map.of("replicas", 3, "engine", "mysql")), Admission.Phase.ADMISSION).allowed()).isTrue();
        assertThat(a.validate(app(Map.of("replicas", 0, "engine", "oracle")), Admission.Phase.ADMISSION).message())
                .isEqualTo("spec.replicas: at least 1 (got 0); spec.engine: unsupported engine (got \"oracle\")");
    }

    @Test
    void operationsDefaultToCreateAndUpdate() {
        assertThat(List.of("CREATE", "UPDATE", "DELETE")).filteredOn(app::intercepts).containsExactly("CREATE", "UPDATE");
        assertThat(List.of("CREATE", "UPDATE", "DELETE")).filteredOn(job::intercepts).containsExactly("CREATE");
    }

    /** The admission of a one-entry Katalog ({@code db}) with these validation rules (YAML list items). */
    private static Admission db(String rules) {
        return Admission.of(Samples.katalog("""
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: s}
                spec:
                  crds:
                    db:
                      apiTypes: {group: g.io, version: v1, kind: Db, plural: dbs}
                      validation:
                        rules:
                """ + rules.indent(10)).crd("db").orElseThrow());
    }
}
