package io.orkspace.orkestra.launcher;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.komposer.KatalogPublisher;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.Published;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Publishes a Katalog, with the files it references (crdFile, crFiles, setup, include) and its README.md,",
            "as an OCI artifact, in the format the reference uses. Credentials come from ~/.docker/config.json (docker login).",
            "Prints the digest to pin in a Komposer (url: host/repository@sha256:...).",
            "Exit code 0 on success; 2 with one located line per error on stderr."},
        footer = {"", "Examples:",
            "  orkestra push katalog.yaml oci://ghcr.io/my-org/patterns/website:v1",
            "  orkestra push katalog.yaml oci://localhost:5000/website:dev     # loopback registries use plain HTTP"})
final class PushCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KATALOG", description = "The Katalog to publish.")
    Path katalog;

    @Parameters(index = "1", paramLabel = "REFERENCE", description = "Where: oci://host[:port]/repository:tag")
    String reference;

    @Option(names = "--plain-http", description = "Speak plain HTTP to this registry (loopback registries always are).")
    boolean plainHttp;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KomposerOptions options = KomposerOptions.defaults();
        if (plainHttp) {
            String bare = reference.replaceFirst("^oci://", "");
            options = options.withPlainHttpHosts(Set.of(bare.contains("/") ? bare.substring(0, bare.indexOf('/')) : bare));
        }
        try {
            Published p = KatalogPublisher.create(options).push(katalog, reference);
            spec.commandLine().getOut().println("pushed " + p.reference() + "@" + p.digest());
            p.files().forEach(f -> spec.commandLine().getOut().println("  " + f));
            return 0;
        } catch (KatalogException e) {
            e.problems().forEach(problem -> spec.commandLine().getErr().println(problem));
            return Main.INVALID;
        }
    }
}
