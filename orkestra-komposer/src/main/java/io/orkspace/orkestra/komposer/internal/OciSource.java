package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.KomposerOptions;

import java.util.List;

/**
 * {@code imports.registry} with {@code oci: true} (or an {@code oci://} URL): pulls the artifact and reads its
 * {@code katalog.yaml}. Credentials come from the import's {@code auth:}, else from the Docker configuration.
 */
public final class OciSource {

    private final ImportedKatalogs katalogs;
    private final Http http;
    private final OciArtifacts artifacts;
    private final KomposerOptions options;

    public OciSource(ImportedKatalogs katalogs, Http http, ContentStore store, KomposerOptions options) {
        this.katalogs = katalogs;
        this.http = http;
        this.artifacts = new OciArtifacts(store, options.offline());
        this.options = options;
    }

    public SourceKatalog fetch(KomposerDocument.RegistryImport imp, List<Problem> problems) throws SourceException {
        String url = FileSource.expand(imp.url() == null ? "" : imp.url(), options.env());
        if (!imp.oci() && !url.startsWith("oci://")) {
            throw new SourceException("Git registries are not supported yet; for an OCI registry set oci: true or write oci://");
        }
        String bare = url.startsWith("oci://") ? url.substring(6) : url;
        if (!bare.contains("/")) {
            String registry = options.env().apply("ORK_REGISTRY");
            if (registry == null || registry.isBlank()) {
                throw new SourceException("a short name needs ORK_REGISTRY (the registry and path it is found under), or write host/repository");
            }
            bare = registry.replaceFirst("^oci://", "").replaceAll("/+$", "") + "/" + bare;
        }
        OciReference ref = OciReference.parse(bare, imp.version());
        Credentials credentials = Credentials.of(imp.auth(), options.env());
        if (credentials == null) {
            credentials = DockerConfig.lookup(options.dockerConfig(), ref.registry());
        }
        RegistryClient client = new RegistryClient(http, ref.registry(), credentials, options.plainHttpHosts());
        OciArtifacts.Pulled pulled = artifacts.pull(ref, client);
        String label = "oci://" + ref.registry() + "/" + ref.repository() + (ref.tag() == null ? "" : ":" + ref.tag()) + "@" + pulled.digest();
        return katalogs.load(imp, label, pulled.dir().resolve(OciArtifacts.KATALOG_FILE), null, true, problems);
    }
}
