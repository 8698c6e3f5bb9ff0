package io.orkspace.orkestra.launcher;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.orkspace.orkestra.engine.EngineOptions;
import io.orkspace.orkestra.engine.LeaderElectionOptions;
import io.orkspace.orkestra.engine.Orkestra;
import io.orkspace.orkestra.engine.WebhookSettings;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.KomposerResolver;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import io.orkspace.orkestra.webhook.Certificates;
import io.orkspace.orkestra.webhook.WebhookException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the operators of a Katalog against a cluster, or against an embedded API server when no "
                + "kubeconfig is found (or with --embedded).",
                "In embedded mode the CRDs (crdFile) and sample CRs (crFiles) are applied, the kubeconfig of the embedded "
                        + "server is written so kubectl can watch the operator work, and what the operator does is printed."},
        footer = {"", "Examples:",
                "  orkestra run examples/website/katalog.yaml",
                "  orkestra run examples/website/katalog.yaml --embedded --write-kubeconfig /tmp/orkestra.kubeconfig",
                "  orkestra run katalog.yaml --kubeconfig ~/.kube/config",
                "  orkestra run examples/website/katalog.yaml --exit-when-converged   # for scripts: exit 0 once every CR is Ready"})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KATALOG", description = "The Katalog to run.")
    Path katalog;

    @Option(names = "--embedded", description = "Run against an embedded API server even when a kubeconfig exists.")
    boolean embedded;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The cluster to run against (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
    Path kubeconfig;

    @Option(names = "--write-kubeconfig", paramLabel = "FILE", description = "Embedded mode: where to write the kubeconfig of the embedded server.")
    Path writeKubeconfig;

    @Option(names = "--apply-files", negatable = true, description = "Apply crdFile and crFiles before starting "
            + "(default: on in embedded mode, off against a real cluster).")
    Boolean applyFiles;

    @Option(names = {"--exit-when-converged", "--exit-when-ready"}, description = "Exit 0 once every CR of the enabled CRD entries is Ready, 1 if that "
            + "does not happen within --timeout.")
    boolean exitWhenReady;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "With --exit-when-converged: how long to wait (default: ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--hooks", paramLabel = "DIR", defaultValue = "${env:ORKESTRA_HOOKS_DIR}",
            description = "A folder of hook jars: the Java hooks they list in META-INF/services/io.orkspace.orkestra.api.Hook "
                    + "can be named by the Katalog (default: $ORKESTRA_HOOKS_DIR).")
    Path hooksDir;

    // --- operations: health, metrics, leader election (EngineOptions) ---

    @Option(names = "--health-port", paramLabel = "PORT", description = "Port of /healthz, /readyz, /startup, /health, /ready "
            + "and the read-only /katalog API (default: " + EngineOptions.HEALTH_PORT + "; in embedded mode a free port; "
            + "0 picks a free one, -1 turns it off).")
    Integer healthPort;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of the Prometheus /metrics (default: "
            + EngineOptions.METRICS_PORT + "; in embedded mode a free port; 0 picks a free one, -1 turns it off; the health "
            + "port's number serves both on one port).")
    Integer metricsPort;

    @Option(names = "--leader-elect", description = "Elect a leader on a coordination.k8s.io/v1 Lease: only the leader "
            + "reconciles and writes, the other replicas keep warm caches and take over (default: off).")
    boolean leaderElect;

    @Option(names = "--lease-namespace", paramLabel = "NAMESPACE", description = "With --leader-elect: the Lease's namespace "
            + "(default: $POD_NAMESPACE, the service account's namespace, the kubeconfig's namespace).")
    String leaseNamespace;

    @Option(names = "--lease-name", paramLabel = "NAME", description = "With --leader-elect: the Lease's name "
            + "(default: orkestra-<Katalog metadata.name>). The identity is $POD_NAME (or $HOSTNAME).")
    String leaseName;

    // --- webhooks: how the conversion/admission server listens and how the API server reaches it (WebhookSettings) ---

    @Option(names = "--webhook-port", paramLabel = "PORT", description = "Port of the webhook server (default: 9443; 0 picks a free one).")
    Integer webhookPort;

    @Option(names = "--webhook-cert-dir", paramLabel = "DIR", description = "A mounted TLS Secret (tls.crt, tls.key, optional "
            + "ca.crt), reloaded when it changes (default: a self-signed CA generated at start).")
    Path webhookCertDir;

    @Option(names = "--webhook-url", paramLabel = "URL", description = "The webhook server's base URL as the API server sees it "
            + "(https://host:port); registered instead of a Service.")
    String webhookUrl;

    @Option(names = "--webhook-service", paramLabel = "NAMESPACE/NAME[:PORT]", description = "The Service in front of the "
            + "webhook server (port 443 unless given); registered for the API server to call.")
    String webhookService;

    /** The --webhook-* options as {@link WebhookSettings}; null, after a one-line message, when they are invalid. */
    private WebhookSettings webhookSettings(PrintWriter err) {
        WebhookSettings s = WebhookSettings.DEFAULTS;
        try {
            if (webhookPort != null) {
                s = s.withPort(webhookPort);
            }
            if (webhookCertDir != null) {
                Certificates.fromDirectory(webhookCertDir); // a missing or mismatched file fails here, before anything starts
                s = s.withCertificateDir(webhookCertDir);
            }
            if (webhookUrl != null && webhookService != null) {
                throw new IllegalArgumentException("give --webhook-url or --webhook-service, not both");
            }
            if (webhookUrl != null) {
                s = s.withUrl(webhookUrl);
            }
            if (webhookService != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z0-9.-]+)/([a-z0-9.-]+)(?::(\\d+))?").matcher(webhookService);
                if (!m.matches()) {
                    throw new IllegalArgumentException("--webhook-service: expected NAMESPACE/NAME[:PORT], got \"" + webhookService + "\"");
                }
                s = s.withService(m.group(1), m.group(2), m.group(3) == null ? 443 : Integer.parseInt(m.group(3)));
            }
            return s;
        } catch (IllegalArgumentException | WebhookException e) {
            err.println("orkestra run: " + (e instanceof WebhookException ? "--webhook-cert-dir: " : "") + e.getMessage());
            return null;
        }
    }

    /** Read by {@link Main#selectLogFormat} before logging starts; declared here for --help and validation. */
    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log lines as text (default) or JSON, one object per line, with controller, namespace, name and reconcileID.")
    LogFormat logFormat;

    /** The log formats. */
    enum LogFormat { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KatalogLoader loader = KatalogLoader.create();
        Katalog model;
        try {
            model = KomposerResolver.create(KomposerOptions.defaults(), loader).resolve(katalog).katalog();
        } catch (KatalogException e) {
            e.problems().forEach(err::println);
            return Main.INVALID;
        }
        ClassLoader hookLoader = RunCommand.class.getClassLoader();
        if (hooksDir != null) {
            try {
                hookLoader = HookJars.loader(hooksDir, hookLoader); // open for the life of the process
            } catch (java.io.IOException e) {
                err.println("orkestra run: --hooks: " + e.getMessage());
                return Main.INVALID;
            }
        }
        WebhookSettings webhooks = webhookSettings(err);
        if (webhooks == null) {
            return Main.INVALID;
        }
        boolean useEmbedded = embedded || (kubeconfig == null && !Clusters.kubeconfigAvailable());
        EmbeddedCluster cluster = null;
        KubernetesClient client;
        if (useEmbedded) {
            cluster = EmbeddedCluster.start();
            // no kube-controller-manager here: its stand-ins roll workloads out, complete Jobs and bind claims, so CRs
            // (whose Ready waits for their children) converge as they would on a cluster
            cluster.controllers().workloadsReady(true).jobsComplete().pvcsBind(true);
            client = cluster.client();
            Path config = writeKubeconfig != null ? cluster.writeKubeconfig(writeKubeconfig) : cluster.kubeconfig();
            out.println("Embedded Kubernetes API server at " + cluster.url());
            out.println("  kubeconfig: " + config.toAbsolutePath());
            out.println("  try:        kubectl --kubeconfig " + config.toAbsolutePath() + " get all,"
                    + String.join(",", model.enabledCrds().stream().map(c -> c.apiTypes().plural()).toList()) + " -A");
        } else {
            Config config = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(Files.readString(kubeconfig));
            client = new KubernetesClientBuilder().withConfig(config).build();
            out.println("Cluster: " + client.getMasterUrl());
        }
        boolean apply = applyFiles != null ? applyFiles : useEmbedded;
        EngineOptions options;
        try {
            options = EngineOptions.DEFAULTS.withApplyFiles(apply)
                    .withHealthPort(healthPort != null ? healthPort : useEmbedded ? 0 : EngineOptions.HEALTH_PORT)
                    .withMetricsPort(metricsPort != null ? metricsPort : useEmbedded ? 0 : EngineOptions.METRICS_PORT)
                    .withLeaderElection(leaderElect ? LeaderElectionOptions.ON.withLeaseNamespace(leaseNamespace)
                            .withLeaseName(leaseName) : LeaderElectionOptions.DISABLED);
        } catch (IllegalArgumentException e) {
            err.println("orkestra run: " + e.getMessage());
            client.close();
            if (cluster != null) {
                cluster.close();
            }
            return Main.INVALID;
        }
        Orkestra engine = Orkestra.builder().client(client).katalog(model, loader.templates()).options(options)
                .hookClassLoader(hookLoader).webhooks(webhooks).build();
        EmbeddedCluster ownedCluster = cluster;
        AtomicReference<SharedIndexInformer<Event>> events = new AtomicReference<>();
        // one way down for every exit: Ctrl-C, --exit-when-converged, and a failure at start
        Runnable closeAll = () -> {
            if (events.get() != null) {
                events.get().close();
            }
            engine.close();
            client.close();
            if (ownedCluster != null) {
                ownedCluster.close();
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            out.println("Stopping...");
            out.flush();
            closeAll.run();
            stopped.countDown();
        }, "orkestra-shutdown");
        try {
            events.set(printEvents(client, options.eventComponent(), out));
            engine.start();
            out.println("Running " + model.enabledCrds().size() + " operator(s) of " + katalog + ": "
                    + String.join(", ", model.enabledCrds().stream().map(c -> c.name() + " (" + c.apiTypes().kind() + ", "
                    + c.workers() + " workers)").toList()));
            if (engine.healthPort() > 0) {
                out.println("Health on http://localhost:" + engine.healthPort() + " (/healthz, /readyz?verbose, /katalog)");
            }
            if (engine.metricsPort() > 0) {
                out.println("Metrics on http://localhost:" + engine.metricsPort() + "/metrics");
            }
            if (leaderElect) {
                out.println("Leader election on: this replica reconciles while it holds the Lease, and otherwise keeps its "
                        + "caches warm to take over");
            }
            if (engine.webhookPort() > 0) {
                out.println("Webhook server on port " + engine.webhookPort() + " (/convert, /validate, /mutate), certificate: "
                        + (webhookCertDir != null ? webhookCertDir.resolve("tls.crt") : "self-signed CA generated at start"));
            }
            if (exitWhenReady) {
                boolean ready = Readiness.awaitAllReady(client, model.enabledCrds(), timeout, out);
                closeAll.run();
                return ready ? 0 : 1;
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            Runtime.getRuntime().addShutdownHook(shutdown);
            stopped.await();
            return 0;
        } catch (KubernetesClientException e) {
            err.println("orkestra run: the API server answered " + e.getCode() + ": " + e.getMessage());
            closeAll.run();
            return 1;
        } catch (IllegalStateException e) {
            err.println("orkestra run: " + e.getMessage());
            closeAll.run();
            return 1;
        }
    }

    /** Prints the Events the engine records, as they happen: the operator's own account of what it did. */
    private static SharedIndexInformer<Event> printEvents(KubernetesClient client, String component, PrintWriter out) {
        Instant since = Instant.now().minusSeconds(1);
        SharedIndexInformer<Event> informer = client.v1().events().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event e) {
                print(e);
            }

            @Override
            public void onUpdate(Event oldEvent, Event e) {
                if (!java.util.Objects.equals(oldEvent.getCount(), e.getCount())) {
                    print(e);
                }
            }

            @Override
            public void onDelete(Event e, boolean unknown) {
            }

            private void print(Event e) {
                if (e.getSource() == null || !component.equals(e.getSource().getComponent())) {
                    return;
                }
                if (e.getLastTimestamp() != null && Instant.parse(e.getLastTimestamp()).isBefore(since)) {
                    return;
                }
                var o = e.getInvolvedObject();
                synchronized (out) {
                    out.printf("  %-7s %-16s %s %s%s: %s%n", e.getType(), e.getReason(), o.getKind(),
                            o.getNamespace() == null ? "" : o.getNamespace() + "/", o.getName(), e.getMessage());
                    out.flush();
                }
            }
        }, 0);
        return informer;
    }

    /** Where a cluster's kubeconfig could come from. */
    static final class Clusters {
        private Clusters() {
        }

        static boolean kubeconfigAvailable() {
            String env = System.getenv("KUBECONFIG");
            if (env != null && !env.isBlank()) {
                return true;
            }
            if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
                return true; // in a pod: the service account
            }
            return Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
        }
    }

    /** Waits until every CR of the given entries has the condition Ready=True. */
    static final class Readiness {
        private Readiness() {
        }

        @SuppressWarnings("unchecked")
        static boolean awaitAllReady(KubernetesClient client, List<CrdEntry> crds, Duration timeout, PrintWriter out)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                java.util.Set<String> all = new java.util.HashSet<>();
                java.util.Set<String> readyUids = new java.util.HashSet<>();
                for (CrdEntry crd : crds) {
                    if (crd.apiTypes().builtIn() || crd.ignoreStatusPatch()) {
                        continue; // no Ready condition is ever written onto these: nothing to wait for
                    }
                    var context = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                            .withGroup(crd.apiTypes().group()).withVersion(crd.apiTypes().version())
                            .withKind(crd.apiTypes().kind()).withPlural(crd.apiTypes().plural())
                            .withNamespaced(crd.namespaced()).build();
                    for (var cr : client.genericKubernetesResources(context).inAnyNamespace().list().getItems()) {
                        all.add(cr.getMetadata().getUid()); // one CR listed through two versions counts once
                        Object status = cr.getAdditionalProperties().get("status");
                        Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
                        if (conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> cm
                                && "Ready".equals(cm.get("type")) && "True".equals(cm.get("status")))) {
                            readyUids.add(cr.getMetadata().getUid());
                        }
                    }
                }
                int total = all.size();
                if (readyUids.size() == total) {
                    out.println(total == 0 ? "Converged: the operators run and there is no custom resource yet."
                            : "Converged: all " + total + " custom resource(s) are Ready.");
                    return true;
                }
                Thread.sleep(100);
            }
            out.println("Not every custom resource became Ready within " + timeout + ".");
            return false;
        }
    }

    /** Parses the one duration syntax of Orkestra ({@link io.orkspace.orkestra.katalog.Durations}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return io.orkspace.orkestra.katalog.Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "expected " + io.orkspace.orkestra.katalog.Durations.EXPECTED + ", got \"" + value + "\""));
        }
    }
}
