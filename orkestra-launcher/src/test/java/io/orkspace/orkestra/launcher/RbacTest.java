package io.orkspace.orkestra.launcher;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import io.orkspace.orkestra.testkit.Requests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orkestra rbac} is least privilege and enough: every request the engine makes while running a Katalog (the
 * embedded server records verb and resource) is allowed by the ClusterRole the command prints.
 */
class RbacTest {

    @ParameterizedTest
    @ValueSource(strings = {"website/katalog.yaml", "website-versions/katalog.yaml", "komposer/komposer.yaml"})
    void theGeneratedRoleAllowsEverythingTheEngineDoes(String katalog) throws Exception {
        assertTheRoleAllowsEverythingTheEngineDoes(CliTest.SHARED.resolve(katalog));
    }

    /** observe.watch and observe.events are read, a built-in primary kind has no status to write. */
    @org.junit.jupiter.api.Test
    void anObservingKatalogMayReadWhatItWatches() throws Exception {
        Path file = Path.of("src/test/resources/observe/katalog.yaml");
        assertTheRoleAllowsEverythingTheEngineDoes(file);
        List<RbacRules.Rule> rules = RbacRules.of(KatalogLoader.create().load(file));
        assertThat(rules).anyMatch(r -> r.group().isEmpty() && r.allows("configmaps", "watch"));
        assertThat(rules).anyMatch(r -> r.group().equals("apps") && r.allows("deployments", "watch"));
        assertThat(rules).noneMatch(r -> r.group().equals("apps") && r.allows("deployments", "patch"));
        assertThat(rules).anyMatch(r -> r.group().equals("events.k8s.io") && r.allows("events", "list"));
        assertThat(rules).anyMatch(r -> r.group().isEmpty() && r.allows("services", "watch"));
        assertThat(rules).noneMatch(r -> r.resources().contains("services/status"));
    }

    private static void assertTheRoleAllowsEverythingTheEngineDoes(Path file) throws Exception {
        KatalogLoader loader = KatalogLoader.create();
        Katalog model = io.orkspace.orkestra.komposer.KomposerResolver.create(io.orkspace.orkestra.komposer.KomposerOptions.defaults(), loader)
                .resolve(file).katalog();
        assertTheRoleAllowsEverythingTheEngineDoes(model, loader, List.of());
    }

    /** Custom children: the kinds the entries name, with the Katalog's own plural when it defines the kind. */
    @org.junit.jupiter.api.Test
    void theGeneratedRoleCoversCustomChildren() throws Exception {
        Path dir = Path.of("src/test/resources/rbac-custom");
        KatalogLoader loader = KatalogLoader.create();
        Katalog model = loader.load(dir.resolve("katalog.yaml"));
        List<RbacRules.Rule> rules = RbacRules.of(model);

        assertThat(rules).anyMatch(r -> r.group().equals("rbac.orkestra.io") && r.allows("databases", "patch") && r.allows("databases", "delete"));
        assertThat(rules).anyMatch(r -> r.group().equals("pools.orkestra.io") && r.allows("databasepools", "watch")
                && r.allows("databasepools", "delete"));
        assertThat(rules).noneMatch(r -> r.resources().contains("*") || r.group().equals("*"));
        assertTheRoleAllowsEverythingTheEngineDoes(model, loader, List.of(dir.resolve("databasepool-crd.yaml")));
    }

    private static void assertTheRoleAllowsEverythingTheEngineDoes(Katalog model, KatalogLoader loader, List<Path> otherCrds) throws Exception {
        List<RbacRules.Rule> rules = RbacRules.of(model);
        try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
            cluster.controllers().workloadsReady(true); // CRs are Ready once their Deployments have rolled out
            KubernetesClient admin = cluster.client();
            otherCrds.forEach(f -> applyCrd(admin, f));
            for (CrdEntry crd : model.enabledCrds()) {
                crd.crdFile().ifPresent(f -> applyCrd(admin, f));
            }
            for (CrdEntry crd : model.enabledCrds()) {
                for (Path cr : crd.crFiles()) {
                    try (InputStream in = Files.newInputStream(cr)) {
                        for (HasMetadata o : admin.load(in).items()) {
                            admin.resource(o).fieldManager("admin").forceConflicts().serverSideApply();
                        }
                    }
                }
            }
            cluster.requests().reset();
            try (KubernetesClient engineClient = cluster.newClient();
                 Orkestra engine = Orkestra.builder().client(engineClient).katalog(model, loader.templates()).build()) {
                engine.start();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RunCommand.Readiness.awaitAllReady(
                        admin, model.enabledCrds(), Duration.ofMillis(1), new java.io.PrintWriter(java.io.Writer.nullWriter())));
            }
            TreeSet<String> denied = new TreeSet<>();
            TreeSet<String> used = new TreeSet<>();
            for (Requests.Request r : cluster.requests().log()) {
                String verb = r.apply() ? "patch" : r.verb();
                used.add(verb + " " + r.resource());
                if (rules.stream().noneMatch(rule -> rule.allows(r.resource(), verb))) {
                    denied.add(verb + " " + r.resource());
                }
            }
            assertThat(used).as("the engine did something").isNotEmpty();
            assertThat(denied).as("requests the generated ClusterRole would deny; used: " + used).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"website/katalog.yaml"})
    void theCommandPrintsAServiceAccountARoleAndABinding(String katalog) {
        CliTest.Outcome o = CliTest.orkestra("rbac", CliTest.SHARED.resolve(katalog).toString(), "--namespace", "ops");

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().split("(?m)^---\\n")).hasSize(4);
        assertThat(o.out()).contains("kind: ServiceAccount", "namespace: ops", "kind: ClusterRole", "kind: ClusterRoleBinding",
                "- websites", "- websites/status", "- deployments", "- services", "- events", "- leases")
                .doesNotContain("secrets", "\"*\"");
    }

    /** Every example's Katalog gets a role that covers its primaries, its children and its hooks' managed resources. */
    @ParameterizedTest
    @ValueSource(strings = {"website/katalog.yaml", "hooks/katalog.yaml", "custom-reconciler/katalog.yaml",
            "josdk-interop/katalog.yaml", "embedded/src/main/resources/katalog.yaml"})
    void everyExampleGetsARoleForWhatItUses(String katalog) throws Exception {
        Path file = Path.of("../examples").resolve(katalog);
        Katalog model = KatalogLoader.create().load(file);
        List<RbacRules.Rule> rules = RbacRules.of(model);

        for (var crd : model.enabledCrds()) {
            String plural = crd.apiTypes().plural();
            assertThat(rules).as(katalog + ": " + plural).anyMatch(r -> r.allows(plural, "watch") && r.allows(plural, "patch"));
            assertThat(rules).anyMatch(r -> r.allows(plural + "/status", "patch"));
            crd.operatorBox().reconciler().hooks().ifPresent(h -> h.managedResources().forEach(m -> assertThat(rules)
                    .as(katalog + ": managed " + m.kind()).anyMatch(r -> r.group().equals(RbacRules.groupOf(m.apiVersion()))
                            && r.verbs().containsAll(RbacRules.OWN))));
            crd.operatorBox().reconciler().constructor().ifPresent(h -> h.managedResources().forEach(m -> assertThat(rules)
                    .as(katalog + ": managed " + m.kind()).anyMatch(r -> r.group().equals(RbacRules.groupOf(m.apiVersion()))
                            && r.verbs().containsAll(RbacRules.OWN))));
        }
        CliTest.Outcome o = CliTest.orkestra("rbac", file.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("kind: ClusterRole").doesNotContain("\"*\"");
    }

    private static void applyCrd(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.resource(crd).fieldManager("admin").forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(k -> "Established".equals(k.getType())),
                            30, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
