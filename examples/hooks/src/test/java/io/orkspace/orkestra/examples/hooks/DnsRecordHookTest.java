package io.orkspace.orkestra.examples.hooks;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The DnsRecord operator on the embedded API server, with the DNS provider stubbed on loopback. */
class DnsRecordHookTest {

    private EmbeddedCluster cluster;
    private KubernetesClient client;
    private FakeDnsApi dns;
    private Orkestra engine;
    private final String namespace = "dns";

    /** A cluster per test (it starts in well under a second): an engine watches every namespace. */
    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedCluster.start();
        client = cluster.client();
        try (InputStream crd = Files.newInputStream(Path.of("crd.yaml"))) {
            client.load(crd).serverSideApply();
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        dns = FakeDnsApi.start();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        dns.close();
        cluster.close();
    }

    /** The engine with the hook registered programmatically, so it talks to this test's fake API. */
    private void startEngine(EngineOptions options, Duration httpTimeout) throws Exception {
        engine = Orkestra.builder().client(client).katalog(Path.of("katalog.yaml"))
                .hook(new DnsRecordHook(dns.url(), httpTimeout))
                .options(options).build().start();
    }

    @Test
    void upsertsTheRecordAndWritesItsIdIntoTheStatus() throws Exception {
        startEngine(EngineOptions.DEFAULTS, Duration.ofSeconds(2));

        createRecord("blog", "example.com");

        await().atMost(Duration.ofSeconds(10)).until(() -> ready("blog").filter("True"::equals).isPresent());
        Map<String, Object> status = status("blog");
        assertThat(status).containsEntry("recordId", "rec-1").containsEntry("fqdn", "blog.example.com");
        assertThat(dns.records()).containsOnlyKeys("example.com/blog");
        assertThat(dns.records().get("example.com/blog"))
                .containsEntry("type", "CNAME").containsEntry("target", "blog.lb.example.net").containsEntry("ttl", 600);
        await().atMost(Duration.ofSeconds(5)).until(() -> events("blog", "DnsRecordUpserted").stream()
                .anyMatch(e -> e.getType().equals("Normal") && e.getMessage().equals("blog.example.com -> blog.lb.example.net (ttl 600s), record rec-1")));
    }

    @Test
    void whileTheDnsApiIsDownTheRecordIsNotReadyWithTheReasonAnEventAndRetriesUntilItRecovers() throws Exception {
        dns.failWith(503);
        startEngine(EngineOptions.DEFAULTS, Duration.ofSeconds(2));

        createRecord("shop", "example.com");

        await().atMost(Duration.ofSeconds(10)).until(() -> readyReason("shop").filter("DnsApiUnavailable"::equals).isPresent());
        assertThat(ready("shop")).contains("False");
        assertThat(condition("shop", "Ready").get("message")).asString()
                .contains("PUT " + dns.url() + "zones/example.com/records/shop answered 503");
        await().atMost(Duration.ofSeconds(5)).until(() -> events("shop", "DnsApiUnavailable").stream()
                .anyMatch(e -> e.getType().equals("Warning")));
        await().atMost(Duration.ofSeconds(5)).until(() -> dns.count("PUT", "shop") >= 3); // retried with backoff
        assertThat(dns.records()).isEmpty();

        dns.failWith(0);

        await().atMost(Duration.ofSeconds(15)).until(() -> ready("shop").filter("True"::equals).isPresent());
        assertThat(status("shop")).containsEntry("recordId", "rec-1");
        assertThat(dns.records()).containsOnlyKeys("example.com/shop");
    }

    @Test
    void aCallThatHangsPastTheHookTimeoutFailsThatRecordOnlyAndOtherRecordsConverge() throws Exception {
        dns.hang("slow.example");
        // the HTTP timeout (10 s) is longer than the engine's hook timeout (1 s): the engine gives up first
        startEngine(EngineOptions.DEFAULTS.withHookTimeout(Duration.ofSeconds(1)), Duration.ofSeconds(10));

        createRecord("stuck", "slow.example");
        createRecord("docs", "example.com");

        await().atMost(Duration.ofSeconds(10)).until(() -> ready("docs").filter("True"::equals).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> readyReason("stuck").filter("HookTimeout"::equals).isPresent());
        assertThat(ready("stuck")).contains("False");
        assertThat(condition("stuck", "Ready").get("message")).isEqualTo("hook dns-record did not return within 1s");
        await().atMost(Duration.ofSeconds(5)).until(() -> !events("stuck", "HookTimeout").isEmpty());
    }

    @Test
    void argsThatDoNotFitTheRecordAreReportedWithTheirName() throws Exception {
        startEngine(EngineOptions.DEFAULTS, Duration.ofSeconds(2));

        GenericKubernetesResource cr = record("tiny", "example.com");
        cr.getAdditionalProperties().put("spec", Map.of("zone", "example.com", "target", "x.example.net", "ttl", 5));
        client.resource(cr).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> readyReason("tiny").filter("HookFailed"::equals).isPresent());
        assertThat(condition("tiny", "Ready").get("message")).asString().contains("ttl: at least 30 seconds, got 5");
        assertThat(dns.count("PUT", "tiny")).isZero();
    }

    @Test
    void deletingTheCrDeletesTheRecordBeforeTheCrGoes() throws Exception {
        startEngine(EngineOptions.DEFAULTS, Duration.ofSeconds(2));
        createRecord("old", "example.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready("old").filter("True"::equals).isPresent());

        cr("old").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> cr("old").get() == null);
        assertThat(dns.count("DELETE", "old")).isEqualTo(1);
        assertThat(dns.records()).isEmpty();
    }

    @Test
    void theHookJarDeclaresTheHookForServiceLoader() {
        assertThat(ServiceLoader.load(Hook.class).stream().map(p -> p.get().name())).contains("dns-record");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private GenericKubernetesResource record(String name, String zone) throws Exception {
        GenericKubernetesResource cr;
        try (InputStream in = Files.newInputStream(Path.of("cr.yaml"))) {
            cr = client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
        }
        cr.getMetadata().setName(name);
        cr.getMetadata().setNamespace(namespace);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new java.util.LinkedHashMap<>((Map<String, Object>) cr.getAdditionalProperties().get("spec"));
        spec.put("zone", zone);
        spec.put("target", name + ".lb.example.net");
        cr.getAdditionalProperties().put("spec", spec);
        return cr;
    }

    private void createRecord(String name, String zone) throws Exception {
        client.resource(record(name, zone)).create();
    }

    private Resource<GenericKubernetesResource> cr(String name) {
        return client.genericKubernetesResources("demo.orkestra.io/v1alpha1", "DnsRecord").inNamespace(namespace).withName(name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(String name) {
        GenericKubernetesResource cr = cr(name).get();
        Object status = cr == null ? null : cr.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> condition(String name, String type) {
        Object conditions = status(name).get("conditions");
        if (conditions instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return (Map<String, Object>) m;
                }
            }
        }
        return Map.of();
    }

    private Optional<String> ready(String name) {
        return Optional.ofNullable((String) condition(name, "Ready").get("status"));
    }

    private Optional<String> readyReason(String name) {
        return Optional.ofNullable((String) condition(name, "Ready").get("reason"));
    }

    private List<Event> events(String name, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }
}
