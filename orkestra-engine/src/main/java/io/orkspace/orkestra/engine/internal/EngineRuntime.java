package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Dependency;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.KindHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The running engine: shared infrastructure (client, child caches, event recorder, timer) and one
 * {@link OperatorStack} per enabled CRD entry, started in {@code dependsOn} order. Not part of the public API:
 * use {@code io.orkspace.orkestra.engine.Orkestra}.
 */
public final class EngineRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);

    private final KubernetesClient client;
    private final Katalog katalog;
    private final EngineOptions options;
    private final KindHandlers handlers = KindHandlers.builtIn();
    private final ChildRenderer renderer;
    private final EventRecorder events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orkestra-queue-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, OperatorStack> stacks = new LinkedHashMap<>();
    private final ChildCache children;

    private final HookRegistry hooks;
    private final HookInvoker hookInvoker;

    public EngineRuntime(KubernetesClient client, Katalog katalog, TemplateEngine templates, EngineOptions options,
                         HookRegistry hooks) {
        this.client = client;
        this.katalog = katalog;
        this.options = options;
        this.renderer = new ChildRenderer(handlers, templates);
        this.events = new EventRecorder(client, options.eventComponent());
        this.hooks = hooks;
        this.hookInvoker = new HookInvoker(client, events, options.hookTimeout());
        this.children = new ChildCache(client, (ref, namespace) -> stacks.values().stream().filter(s -> s.owns(ref)).forEach(
                s -> s.enqueue(s.crd().namespaced() && namespace != null && !namespace.isEmpty() ? namespace + "/" + ref.getName() : ref.getName())));
    }

    /** Starts every enabled CRD entry's operator; returns once all informers synced and workers run. */
    public synchronized void start() throws InterruptedException {
        List<CrdEntry> order = startOrder(katalog.enabledCrds());
        hooks.requireAll(order); // before touching the cluster: a missing hook is a configuration error
        if (options.applyFiles()) {
            for (CrdEntry crd : order) {
                crd.crdFile().ifPresent(this::applyCrd);
            }
            generateMissingCrds(order);
        }
        for (CrdEntry crd : order) {
            for (ResourceEntry e : allEntries(crd)) {
                handlers.forKey(e.kind()).ifPresent(h -> children.watch(h.apiVersion(), h.kind()));
            }
            crd.operatorBox().reconciler().hooks().ifPresent(h -> h.managedResources().forEach(m -> children.watch(m.apiVersion(), m.kind())));
            crd.operatorBox().reconciler().constructor().ifPresent(h -> h.managedResources().forEach(m -> children.watch(m.apiVersion(), m.kind())));
        }
        if (!children.awaitSynced(options.syncTimeout())) {
            throw new IllegalStateException("child informers did not sync within " + options.syncTimeout());
        }
        for (CrdEntry crd : order) {
            OperatorStack stack = new OperatorStack(crd, client, children, renderer, events, timer, options,
                    fieldManager(crd, order), CrdHooks.of(crd, hooks, hookInvoker));
            stacks.put(crd.name(), stack);
            awaitDependencies(crd);
            stack.start(options.syncTimeout());
            LOG.info("{}: operator started for {} {}", crd.name(), crd.apiTypes().apiVersion(), crd.apiTypes().kind());
        }
        if (options.applyFiles()) {
            order.forEach(crd -> crd.crFiles().forEach(this::applyFile));
        }
    }

    /** CRD entry name → started / healthy. */
    public Map<String, Boolean> health() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        stacks.forEach((name, s) -> out.put(name, s.healthy()));
        return out;
    }

    private void awaitDependencies(CrdEntry crd) throws InterruptedException {
        long deadline = System.nanoTime() + options.syncTimeout().toNanos();
        for (Dependency d : crd.dependsOn()) {
            OperatorStack dep = stacks.get(d.crd());
            while (dep == null || !(d.condition() == Dependency.When.HEALTHY ? dep.healthy() : dep.started())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(crd.name() + " depends on " + d.crd() + " (" + d.condition().name().toLowerCase()
                            + "), which did not become so within " + options.syncTimeout());
                }
                Thread.sleep(20);
                dep = stacks.get(d.crd());
            }
        }
    }

    /**
     * The server-side apply field manager of an entry: {@code orkestra}, or {@code orkestra-<entry>} when several entries
     * reconcile the same kind (one per version of a multi-version CRD): each then owns the fields it sets, and two
     * entries that set the same child differently share it instead of undoing each other's apply forever.
     */
    private String fieldManager(CrdEntry crd, List<CrdEntry> all) {
        boolean shared = all.stream().anyMatch(o -> o != crd && o.apiTypes().group().equals(crd.apiTypes().group())
                && o.apiTypes().kind().equals(crd.apiTypes().kind()));
        return shared ? options.fieldManager() + "-" + crd.name() : options.fieldManager();
    }

    /** Dependencies first (the loader rejected cycles); otherwise the order written. */
    private static List<CrdEntry> startOrder(List<CrdEntry> enabled) {
        Map<String, CrdEntry> byName = new LinkedHashMap<>();
        enabled.forEach(e -> byName.put(e.name(), e));
        List<CrdEntry> out = new ArrayList<>();
        for (CrdEntry e : enabled) {
            visit(e, byName, out);
        }
        return out;
    }

    private static void visit(CrdEntry e, Map<String, CrdEntry> byName, List<CrdEntry> out) {
        if (out.contains(e)) {
            return;
        }
        for (Dependency d : e.dependsOn()) {
            CrdEntry dep = byName.get(d.crd());
            if (dep != null) {
                visit(dep, byName, out);
            }
        }
        out.add(e);
    }

    private static List<ResourceEntry> allEntries(CrdEntry crd) {
        List<ResourceEntry> all = new ArrayList<>(crd.operatorBox().onCreate().entries());
        all.addAll(crd.operatorBox().onReconcile().entries());
        all.addAll(crd.operatorBox().onDelete().entries());
        return all;
    }

    private void applyCrd(Path file) {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
            crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read crdFile " + file + ": " + e.getMessage(), e);
        }
        applyCrdObject(crd, "from " + file);
    }

    private void applyCrdObject(CustomResourceDefinition crd, String origin) {
        try {
            client.resource(crd).fieldManager(options.fieldManager()).forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
                            options.syncTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            LOG.info("applied CRD {} {}", crd.getMetadata().getName(), origin);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot apply the CRD " + crd.getMetadata().getName() + " " + origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Dev and embedded runs: a CRD that no entry brings with a crdFile and that the cluster does not have is generated
     * from the entries' apiTypes (every version they name, the first one stored; any fields accepted; a status
     * subresource), so a Katalog without a crdFile still runs end to end.
     */
    private void generateMissingCrds(List<CrdEntry> order) {
        Map<String, List<CrdEntry>> byCrd = new LinkedHashMap<>();
        for (CrdEntry crd : order) {
            byCrd.computeIfAbsent(crd.apiTypes().plural() + "." + crd.apiTypes().group(), k -> new ArrayList<>()).add(crd);
        }
        byCrd.forEach((name, entries) -> {
            if (entries.stream().anyMatch(e -> e.crdFile().isPresent())
                    || client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
                return;
            }
            CrdEntry first = entries.get(0);
            List<CustomResourceDefinitionVersion> versions = new ArrayList<>();
            for (String version : entries.stream().map(e -> e.apiTypes().version()).distinct().toList()) {
                versions.add(new CustomResourceDefinitionVersionBuilder().withName(version).withServed(true)
                        .withStorage(versions.isEmpty())
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                        .endOpenAPIV3Schema().endSchema()
                        .withNewSubresources().withNewStatus().endStatus().endSubresources()
                        .build());
            }
            CustomResourceDefinition generated = new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withGroup(first.apiTypes().group())
                    .withScope(first.namespaced() ? "Namespaced" : "Cluster")
                    .withNewNames().withKind(first.apiTypes().kind()).withPlural(first.apiTypes().plural())
                    .withSingular(first.apiTypes().kind().toLowerCase(java.util.Locale.ROOT))
                    .withListKind(first.apiTypes().kind() + "List").endNames()
                    .withVersions(versions)
                    .endSpec().build();
            applyCrdObject(generated, "generated from apiTypes (no crdFile)");
        });
    }

    private void applyFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata o : client.load(in).items()) {
                client.resource(o).fieldManager(options.fieldManager()).forceConflicts().serverSideApply();
                LOG.info("applied {} {} from {}", o.getKind(), o.getMetadata().getName(), file);
            }
        } catch (IOException | KubernetesClientException e) {
            throw new IllegalStateException("cannot apply " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops taking work, waits for in-flight reconciles (up to the grace period), closes informers. */
    @Override
    public synchronized void close() {
        List<OperatorStack> reverse = new ArrayList<>(stacks.values());
        java.util.Collections.reverse(reverse);
        for (OperatorStack s : reverse) {
            try {
                s.stop(options.shutdownGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stacks.clear();
        children.close();
        hookInvoker.close();
        timer.shutdownNow();
    }

}
