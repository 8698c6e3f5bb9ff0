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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dev or embedded run applies before its operators start ({@code applyFiles}): the entries' {@code crdFile}s
 * (waiting until each CRD is Established), CRDs generated from {@code apiTypes} where none is given, {@code setup}
 * files and the sample {@code crFiles}. Server-side apply with the engine's field manager; a failure names the file.
 */
final class ClusterSetup {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);

    private final KubernetesClient client;
    private final EngineOptions options;

    ClusterSetup(KubernetesClient client, EngineOptions options) {
        this.client = client;
        this.options = options;
    }

    void applyCrd(Path file) {
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
    void generateMissingCrds(List<CrdEntry> order) {
        Map<String, List<CrdEntry>> byCrd = new LinkedHashMap<>();
        for (CrdEntry crd : order) {
            if (!crd.apiTypes().builtIn()) { // a ConfigMap or Deployment entry: Kubernetes serves the kind
                byCrd.computeIfAbsent(crd.apiTypes().plural() + "." + crd.apiTypes().group(), k -> new ArrayList<>()).add(crd);
            }
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

    void applyFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata o : client.load(in).items()) {
                client.resource(o).fieldManager(options.fieldManager()).forceConflicts().serverSideApply();
                LOG.info("applied {} {} from {}", o.getKind(), o.getMetadata().getName(), file);
            }
        } catch (IOException | KubernetesClientException e) {
            throw new IllegalStateException("cannot apply " + file + ": " + e.getMessage(), e);
        }
    }
}
