package io.orkspace.orkestra.launcher;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.KomposerResolver;
import io.orkspace.orkestra.komposer.Resolution;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "komposer", mixinStandardHelpOptions = true,
        description = "Works with Komposers: Katalogs composed from files, OCI registries and Helm chart repositories, with overrides.",
        subcommands = {KomposerCommand.Resolve.class, CommandLine.HelpCommand.class},
        footer = {"", "Example:", "  orkestra komposer resolve komposer.yaml > katalog.yaml"})
final class KomposerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.INVALID;
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Fetches a Komposer's imports, merges them with its inline overrides and prints the resulting Katalog,",
                "with a comment above each CRD entry naming where it came from. A Katalog is printed as it is.",
                "Exit code 0 on success; 2 with one located line per error on stderr (a source that cannot be fetched is named)."},
            footer = {"", "Examples:",
                "  orkestra komposer resolve ../shared/katalogs/komposer/komposer.yaml",
                "  orkestra komposer resolve komposer.yaml --offline      # only what was pulled before"})
    static final class Resolve implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "The Komposer (or Katalog).")
        Path file;

        @Option(names = "--offline", description = "Use only the cache: tags and chart versions resolve to what was pulled last.")
        boolean offline;

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where pulled artifacts are kept (default: $ORKESTRA_CACHE, else ~/.cache/orkestra).")
        Path cacheDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            KomposerOptions options = KomposerOptions.defaults().withOffline(offline);
            if (cacheDir != null) {
                options = options.withCacheDir(cacheDir);
            }
            try {
                Resolution r = KomposerResolver.create(options).resolve(file);
                spec.commandLine().getOut().print(r.yaml());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (KatalogException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                int n = e.problems().size();
                spec.commandLine().getErr().println(n + (n == 1 ? " error" : " errors"));
                return Main.INVALID;
            }
        }
    }
}
