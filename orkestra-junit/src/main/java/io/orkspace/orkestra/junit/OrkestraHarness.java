package io.orkspace.orkestra.junit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.engine.Orkestra;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import io.orkspace.orkestra.testkit.Requests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a test of an operator needs: the embedded cluster, engines started on it (stopped after the test), a
 * namespace of its own, and waits that poll the API server instead of sleeping.
 */
public final class OrkestraHarness implements AutoCloseable {

    /** How long the await helpers wait by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestCluster cluster;
    private final String namespace;
    private final List<Orkestra> engines = new ArrayList<>();

    OrkestraHarness(TestCluster cluster, String testName) {
        this.cluster = cluster;
        String base = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        base = base.length() > 40 ? base.substring(0, 40) : base;
        this.namespace = (base + "-" + COUNTER.incrementAndGet()).replaceAll("^-+", "");
        cluster.client().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    /** The cluster: the embedded API server or a real one (see {@link TestCluster}). */
    public TestCluster cluster() {
        return cluster;
    }

    /** The embedded API server; skips the test on a real cluster. */
    public EmbeddedCluster embedded() {
        EmbeddedCluster embedded = cluster.embedded();
        Assumptions.assumeTrue(embedded != null, "this check needs the embedded API server (" + cluster.describe() + ")");
        return embedded;
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    /** The cluster's request counters (verb and resource), e.g. {@code requests().writes("deployments")}. */
    public Requests requests() {
        return embedded().requests();
    }

    /** This test's namespace (created for it). */
    public String namespace() {
        return namespace;
    }

    /**
     * Starts an engine for a Katalog file, after applying the CRDs its entries name in {@code crdFile} (its sample
     * {@code crFiles} are not applied: a test creates its own CRs, in its own namespace). Stopped after the test.
     */
    public Orkestra start(Path katalog) throws KatalogException, InterruptedException {
        return start(katalog, b -> { });
    }

    /** Same, letting the test add hooks or options to the builder. */
    public Orkestra start(Path katalog, Consumer<Orkestra.Builder> customize) throws KatalogException, InterruptedException {
        KatalogLoader loader = KatalogLoader.create();
        Katalog model = loader.load(katalog);
        for (CrdEntry crd : model.enabledCrds()) {
            crd.crdFile().ifPresent(this::applyCrd);
        }
        Orkestra.Builder builder = Orkestra.builder().client(cluster.client()).katalog(model, loader.templates());
        customize.accept(builder);
        Orkestra engine = builder.build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private void applyCrd(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = client().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client().resource(crd).fieldManager("test").forceConflicts().serverSideApply();
            client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(k -> "Established".equals(k.getType())
                            && "True".equals(k.getStatus())), DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or updates objects from YAML (one or several documents) in this test's namespace unless they name one. */
    public List<HasMetadata> apply(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata o : client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            if (o.getMetadata().getNamespace() == null) {
                o.getMetadata().setNamespace(namespace);
            }
            out.add(client().resource(o).fieldManager("test").forceConflicts().serverSideApply());
        }
        return out;
    }

    /** A custom resource of this test's namespace, or null. */
    public GenericKubernetesResource get(String apiVersion, String kind, String name) {
        return client().genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
    }

    /** Waits until the object exists and satisfies the predicate; returns it. */
    public GenericKubernetesResource await(String apiVersion, String kind, String name, Predicate<GenericKubernetesResource> condition) {
        AtomicReference<GenericKubernetesResource> seen = new AtomicReference<>();
        Awaitility.await().atMost(DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .alias(kind + " " + namespace + "/" + name)
                .until(() -> {
                    GenericKubernetesResource o = get(apiVersion, kind, name);
                    seen.set(o);
                    return o != null && condition.test(o);
                });
        return seen.get();
    }

    /** Waits until the object is gone. */
    public void awaitGone(String apiVersion, String kind, String name) {
        Awaitility.await().atMost(DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(20)).alias(kind + " " + name + " deleted")
                .until(() -> get(apiVersion, kind, name) == null);
    }

    /** Waits until a CR has {@code Ready=True} for its current generation; returns it. */
    public GenericKubernetesResource awaitReady(String apiVersion, String kind, String name) {
        return await(apiVersion, kind, name, o -> condition(o, "Ready").map(c -> "True".equals(c.get("status"))).orElse(false)
                && observedGeneration(o) == o.getMetadata().getGeneration());
    }

    /** A status condition of an object, by type. */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<Map<String, Object>> condition(GenericKubernetesResource o, String type) {
        Object status = o.getAdditionalProperties().get("status");
        Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
        if (!(conditions instanceof List<?> list)) {
            return java.util.Optional.empty();
        }
        return list.stream().filter(c -> c instanceof Map<?, ?> cm && type.equals(cm.get("type")))
                .map(c -> (Map<String, Object>) c).findFirst();
    }

    /** {@code status.observedGeneration}, or -1. */
    public static long observedGeneration(GenericKubernetesResource o) {
        Object status = o.getAdditionalProperties().get("status");
        Object g = status instanceof Map<?, ?> m ? m.get("observedGeneration") : null;
        return g instanceof Number n ? n.longValue() : -1;
    }

    /** Stops the engines this test started. */
    @Override
    public void close() {
        engines.forEach(Orkestra::close);
        engines.clear();
    }
}
