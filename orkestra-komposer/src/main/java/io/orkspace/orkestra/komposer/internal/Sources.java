package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.katalog.Problem;
import io.orkspace.orkestra.komposer.KomposerOptions;

import java.util.List;

/** Fetches the Katalogs of one import, whatever its kind. */
public final class Sources {

    private final FileSource files;
    private final HelmSource helm;
    private final OciSource oci;

    public Sources(KomposerOptions options, KatalogLoader loader) {
        ImportedKatalogs katalogs = new ImportedKatalogs(loader);
        Http http = new Http(options.timeout());
        ContentStore store = new ContentStore(options.cacheDir());
        this.files = new FileSource(katalogs, http, store, options.env(), options.offline());
        this.helm = new HelmSource(katalogs, http, store, options.env(), options.offline());
        this.oci = new OciSource(katalogs, http, store, options);
    }

    /** The Katalogs an import brings (a Helm chart may bring several); problems inside them go to {@code problems}. */
    public List<SourceKatalog> fetch(KomposerDocument.Import imp, KomposerDocument komposer, List<Problem> problems) throws SourceException {
        if (imp instanceof KomposerDocument.FileImport f) {
            SourceKatalog k = files.fetch(f, komposer.file().toAbsolutePath().getParent(), problems);
            return k == null ? List.of() : List.of(k);
        }
        if (imp instanceof KomposerDocument.HelmImport h) {
            return helm.fetch(h, problems);
        }
        KomposerDocument.RegistryImport r = (KomposerDocument.RegistryImport) imp;
        SourceKatalog k = oci.fetch(r, problems);
        return k == null ? List.of() : List.of(k);
    }

    /** How the source is named in messages. */
    public String name(KomposerDocument.Import imp) {
        if (imp instanceof KomposerDocument.FileImport f) {
            return "file " + f.url();
        }
        if (imp instanceof KomposerDocument.RegistryImport r) {
            return r.url() + (r.version() == null ? "" : " (version " + r.version() + ")");
        }
        KomposerDocument.HelmImport h = (KomposerDocument.HelmImport) imp;
        return "helm chart " + h.chart() + " " + h.version() + " from " + h.repo();
    }
}
