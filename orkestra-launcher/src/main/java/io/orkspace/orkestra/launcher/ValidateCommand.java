package io.orkspace.orkestra.launcher;

import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.KomposerResolver;
import io.orkspace.orkestra.katalog.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks Katalog and Komposer files without a cluster: fields, types, templates, dependsOn.",
            "Exit code 0 when every file is valid; 2 with one located line per error on stderr otherwise."},
        footer = {"", "Example:", "  orkestra validate examples/website/katalog.yaml ../shared/katalogs/*/katalog.yaml"})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Katalog or Komposer files.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KatalogLoader loader = KatalogLoader.create();
        int errors = 0;
        for (Path file : files) {
            List<Problem> problems = loader.check(file);
            if (problems.isEmpty()) {
                try {
                    // a Komposer is valid when what it resolves to is: fetch its imports and check the merged Katalog
                    KomposerResolver.create(KomposerOptions.defaults(), loader).resolve(file);
                } catch (KatalogException e) {
                    problems = e.problems();
                }
            }
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(file + ": valid");
            } else {
                problems.forEach(p -> spec.commandLine().getErr().println(p));
                errors += problems.size();
            }
        }
        if (errors > 0) {
            spec.commandLine().getErr().println(errors + (errors == 1 ? " error" : " errors"));
            return Main.INVALID;
        }
        return 0;
    }
}
