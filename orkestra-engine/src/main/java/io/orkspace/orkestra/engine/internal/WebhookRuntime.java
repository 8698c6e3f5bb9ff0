package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.engine.WebhookSettings;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookClient;
import io.orkspace.orkestra.webhook.WebhookConfigurations;
import io.orkspace.orkestra.webhook.WebhookObserver;
import io.orkspace.orkestra.webhook.WebhookOptions;
import io.orkspace.orkestra.webhook.WebhookServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's webhook side: when the Katalog has conversion, validation, mutation or webhooks, it starts the
 * {@link WebhookServer} (self-signed or mounted certificates), registers it (server-side apply of the
 * Validating/MutatingWebhookConfiguration; each {@code updateCRD: true} CRD's {@code spec.conversion} set, now or as
 * soon as the CRD appears, and again if something resets it), registers again when the CA bundle changes (a rotated
 * mount), and on stop optionally removes what it registered. Runs before the operators start, so CRs applied
 * afterwards already go through the webhooks.
 */
public final class WebhookRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRuntime.class);
    static final String FIELD_MANAGER = "orkestra-webhook";
    private static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private final KubernetesClient client;
    private final Katalog katalog;
    private final WebhookSettings settings;
    private WebhookServer server;
    private Certificates certificates;
    private WebhookClient target;
    private volatile String registeredCa;
    private volatile WebhookConfigurations registered;
    private Watch crdWatch;
    private ScheduledExecutorService timer;

    private WebhookObserver observer = WebhookObserver.NONE;

    public WebhookRuntime(KubernetesClient client, Katalog katalog, WebhookSettings settings) {
        this.client = client;
        this.katalog = katalog;
        this.settings = settings;
    }

    /** Whether the Katalog has anything to serve: a conversion, validation or mutation rules, namespace lists or webhooks. */
    public static boolean needed(Katalog katalog) {
        return katalog.enabledCrds().stream().anyMatch(e -> e.conversion().isPresent() || WebhookConfigurations.validates(e)
                || WebhookConfigurations.mutates(e));
    }

    /** Starts and registers the server when the Katalog needs it and the settings allow it; no-op otherwise. */
    public synchronized void start() {
        if (!settings.enabled() || !needed(katalog) || server != null) {
            return;
        }
        certificates = settings.certificateDir() != null ? Certificates.fromDirectory(settings.certificateDir())
                : Certificates.selfSigned(Certificates.serviceDnsNames(serviceName(), serviceNamespace()));
        server = WebhookServer.start(katalog, certificates, WebhookOptions.DEFAULTS.withHost(settings.host()).withPort(settings.port()),
                observer);
        target = target(server.port());
        if (target == null) {
            LOG.warn("webhooks: serving on port {} but not registering: the API server at {} is not on this machine; "
                    + "give the Service in front of this process or a URL it can reach", server.port(), client.getMasterUrl());
            return;
        }
        LOG.info("webhooks: registering {} for the API server", target.url() != null ? target.url()
                : "Service " + target.namespace() + "/" + target.service() + ":" + target.port());
        register();
        watchCrds();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orkestra-webhook-registration");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, settings.recheckInterval().toMillis());
        timer.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
    }

    /** Where webhook metrics go: set before {@link #start()} (the engine's meter registry). */
    public synchronized void observe(WebhookObserver observer) {
        this.observer = observer;
    }

    /** For {@code /readyz}: true when no webhook server is needed, or it runs with a certificate loaded. */
    public synchronized boolean ready() {
        if (!settings.enabled() || !needed(katalog)) {
            return true;
        }
        return server != null && certificates != null;
    }

    /** The port the webhook server listens on, or -1 when it does not run. */
    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    /** Applies the webhook configurations and every conversion CRD that exists (the others when they appear). */
    private synchronized void register() {
        String ca = certificates.caBundleBase64();
        WebhookConfigurations wc = WebhookConfigurations.of(katalog, target, ca);
        wc.validating().ifPresent(this::apply);
        wc.mutating().ifPresent(this::apply);
        registered = wc;
        registeredCa = ca;
        for (CrdEntry e : wc.conversionEntries()) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName(e)).get();
            if (crd != null) {
                ensureConversion(crd);
            }
        }
    }

    private void apply(HasMetadata config) {
        client.resource(config).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        LOG.info("webhooks: applied {} {}", config.getKind(), config.getMetadata().getName());
    }

    /** Sets the CRD's spec.conversion when it is not what this server needs (a JSON patch: only that field). */
    private void ensureConversion(CustomResourceDefinition crd) {
        WebhookConfigurations wc = registered;
        if (wc == null || crd.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        for (CrdEntry e : wc.conversionEntries()) {
            if (!crdName(e).equals(crd.getMetadata().getName())) {
                continue;
            }
            Object desired = Serialization.jsonMapper().convertValue(wc.crdConversion(e), Map.class);
            Object current = crd.getSpec().getConversion() == null ? null
                    : Serialization.jsonMapper().convertValue(crd.getSpec().getConversion(), Map.class);
            if (Objects.equals(desired, current)) {
                return;
            }
            patchConversion(crd.getMetadata().getName(), desired);
            LOG.info("webhooks: CRD {} converts through /convert/{}", crd.getMetadata().getName(), e.name());
            return;
        }
    }

    private void patchConversion(String crdName, Object conversion) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "add"); // add replaces an existing member
        op.put("path", "/spec/conversion");
        op.put("value", conversion);
        client.apiextensions().v1().customResourceDefinitions().withName(crdName).patch(PatchContext.of(PatchType.JSON),
                Serialization.asJson(List.of(op)));
    }

    /** CRDs created after start (the engine applies crdFiles, or generates CRDs) get their conversion at once. */
    private void watchCrds() {
        if (registered.conversionEntries().isEmpty()) {
            return;
        }
        crdWatch = client.apiextensions().v1().customResourceDefinitions().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, CustomResourceDefinition crd) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    try {
                        ensureConversion(crd);
                    } catch (KubernetesClientException ex) {
                        LOG.warn("webhooks: cannot set the conversion of CRD {}: {}", crd.getMetadata().getName(), ex.getMessage());
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.debug("webhooks: CRD watch closed", cause);
            }
        });
    }

    /** A rotated certificate mount changes the CA bundle: register again with the new one. */
    private void recheck() {
        try {
            if (!certificates.caBundleBase64().equals(registeredCa)) {
                LOG.info("webhooks: the CA bundle changed; registering again");
                register();
            }
        } catch (RuntimeException e) {
            LOG.warn("webhooks: registration failed (will retry): {}", e.getMessage());
        }
    }

    private WebhookClient target(int port) {
        if (settings.url() != null) {
            return WebhookClient.url(settings.url());
        }
        if (settings.serviceName() != null || System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return WebhookClient.service(serviceNamespace(), serviceName(), settings.servicePort());
        }
        // outside a cluster: only an API server on this machine (the embedded one, dev) can call us on loopback
        String host = client.getMasterUrl() == null ? "" : client.getMasterUrl().getHost();
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
        return local ? WebhookClient.url("https://127.0.0.1:" + port) : null;
    }

    private String serviceName() {
        return settings.serviceName() != null ? settings.serviceName() : "orkestra";
    }

    private String serviceNamespace() {
        if (settings.serviceNamespace() != null) {
            return settings.serviceNamespace();
        }
        try {
            return Files.exists(NAMESPACE_FILE) ? Files.readString(NAMESPACE_FILE).trim() : "default";
        } catch (IOException e) {
            return "default";
        }
    }

    private static String crdName(CrdEntry e) {
        return e.apiTypes().plural() + "." + e.apiTypes().group();
    }

    /** Stops the server; with {@code cleanupOnStop}, removes the configurations and sets the CRDs' conversion to None. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (crdWatch != null) {
            crdWatch.close();
        }
        if (settings.cleanupOnStop() && registered != null) {
            try {
                String name = registered.configurationName();
                client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
                client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
                for (CrdEntry e : registered.conversionEntries()) {
                    if (client.apiextensions().v1().customResourceDefinitions().withName(crdName(e)).get() != null) {
                        patchConversion(crdName(e), Map.of("strategy", "None"));
                    }
                }
                LOG.info("webhooks: registrations removed");
            } catch (KubernetesClientException e) {
                LOG.warn("webhooks: cleanup failed: {}", e.getMessage());
            }
        }
        server.close();
        server = null;
    }
}
