package io.orkspace.orkestra.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.engine.internal.EngineRuntime;
import io.orkspace.orkestra.engine.internal.HookRegistry;
import io.orkspace.orkestra.engine.internal.WebhookRuntime;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.template.TemplateEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * An Orkestra engine: the operators of one Katalog, running against one Kubernetes client. No static state: two
 * engines can run in one JVM, and the host application keeps the client and the lifecycle.
 *
 * <pre>{@code
 * try (Orkestra engine = Orkestra.builder().client(client).katalog(Path.of("katalog.yaml")).build()) {
 *     engine.start();
 *     ...
 * }
 * }</pre>
 */
public final class Orkestra implements AutoCloseable {

    private final EngineRuntime runtime;
    private final WebhookRuntime webhooks;

    private Orkestra(EngineRuntime runtime, WebhookRuntime webhooks) {
        this.runtime = runtime;
        this.webhooks = webhooks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every enabled CRD entry's operator (dependencies first); returns once they all run. */
    public Orkestra start() throws InterruptedException {
        MeterRegistry registry = runtime.meterRegistry();
        webhooks.observe((route, nanos, ok) -> {
            registry.counter("orkestra_webhook_requests", "route", route, "result", ok ? "ok" : "malformed").increment();
            registry.timer("orkestra_webhook_request_duration", "route", route).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        runtime.addReadinessCheck("webhook-server", webhooks::ready); // its own name: a host check may be called webhook-certificate
        webhooks.start(); // first: CRs applied once the operators run already go through the webhooks
        runtime.start();
        return this;
    }

    /** CRD entry name → healthy (started, fewer consecutive failures than its failureThreshold). */
    public Map<String, Boolean> health() {
        return runtime.health();
    }

    /** The port serving {@code /healthz}, {@code /readyz} and {@code /katalog} once started, or -1 (off or not started). */
    public int healthPort() {
        return runtime.healthPort();
    }

    /** The port serving {@code /metrics} once started, or -1 (off or not started). */
    public int metricsPort() {
        return runtime.metricsPort();
    }

    /** Where the engine's meters go: the host's registry, or the engine's own Prometheus registry. */
    public MeterRegistry meterRegistry() {
        return runtime.meterRegistry();
    }

    /** Whether this engine runs its workers and writes: it holds the Lease, or leader election is off. */
    public boolean isLeader() {
        return runtime.leading();
    }

    /** Stops the operators, letting in-flight reconciles finish (up to {@link EngineOptions#shutdownGrace()}). */
    public void stop() {
        runtime.close();
        webhooks.close();
    }

    /** The port of the webhook server, or -1 when the Katalog needs none (or it is not started). */
    public int webhookPort() {
        return webhooks.port();
    }

    @Override
    public void close() {
        stop();
    }

    /** Builds an engine. A client and a Katalog are required. */
    public static final class Builder {
        private KubernetesClient client;
        private Katalog katalog;
        private Path katalogFile;
        private TemplateEngine templates;
        private EngineOptions options = EngineOptions.DEFAULTS;
        private WebhookSettings webhookSettings = WebhookSettings.DEFAULTS;
        private final List<Hook> hooks = new ArrayList<>();
        private ClassLoader hookLoader = Orkestra.class.getClassLoader();
        private MeterRegistry meterRegistry;
        private final Map<String, BooleanSupplier> readinessChecks = new LinkedHashMap<>();
        private java.util.concurrent.ThreadFactory workerThreadFactory;

        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        /** A Katalog loaded by the caller, with the template engine it was compiled with. */
        public Builder katalog(Katalog katalog, TemplateEngine templates) {
            this.katalog = katalog;
            this.templates = templates;
            return this;
        }

        /** A Katalog file, loaded (and validated) by {@link #build()}. */
        public Builder katalog(Path file) {
            this.katalogFile = file;
            return this;
        }

        /** Registers a hook (it wins over a ServiceLoader hook of the same name). */
        public Builder hook(Hook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * Where {@link java.util.ServiceLoader} looks for hooks ({@code META-INF/services/io.orkspace.orkestra.api.Hook});
         * the engine's own class loader by default, null to use only registered hooks.
         */
        public Builder hookClassLoader(ClassLoader loader) {
            this.hookLoader = loader;
            return this;
        }

        /**
         * The host's MeterRegistry: the engine's meters (controller-runtime's names) go there. By default the engine
         * keeps its own Prometheus registry, served on {@link EngineOptions#metricsPort()}.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** A check {@code /readyz} adds to its own (informers synced, leadership decided): ready while it returns true. */
        /**
         * The thread factory of the reconcile workers (daemon flag, priority, thread group, context class loader are
         * the host's; the engine names the threads). Default: {@link java.util.concurrent.Executors#defaultThreadFactory()}.
         */
        public Builder workerThreadFactory(java.util.concurrent.ThreadFactory factory) {
            this.workerThreadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public Builder readinessCheck(String name, BooleanSupplier check) {
            readinessChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        /** How the webhook server (conversion, validation, mutation) listens and is registered; see {@link WebhookSettings}. */
        public Builder webhooks(WebhookSettings settings) {
            this.webhookSettings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder options(EngineOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /** Loads the Katalog if a file was given; its problems are thrown together, located. */
        public Orkestra build() throws KatalogException {
            Objects.requireNonNull(client, "client");
            if (katalog == null) {
                Objects.requireNonNull(katalogFile, "katalog");
                KatalogLoader loader = KatalogLoader.create();
                katalog = loader.load(katalogFile);
                templates = loader.templates();
            }
            EngineRuntime runtime = new EngineRuntime(client, katalog, templates, options, HookRegistry.of(hooks, hookLoader),
                    meterRegistry, readinessChecks);
            if (workerThreadFactory != null) {
                runtime.workerThreads(workerThreadFactory);
            }
            return new Orkestra(runtime, new WebhookRuntime(client, katalog, webhookSettings));
        }
    }
}
