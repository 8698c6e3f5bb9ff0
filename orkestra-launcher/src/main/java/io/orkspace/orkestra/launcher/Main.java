package io.orkspace.orkestra.launcher;

import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * The {@code orkestra} command line. Thin by design: each subcommand parses its options and calls one module's API.
 */
@Command(name = "orkestra",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Runs declarative Kubernetes operators described by Katalogs.",
        subcommands = {RunCommand.class, ValidateCommand.class, RenderCommand.class, ConvertCommand.class, KomposerCommand.class, PushCommand.class, RbacCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  orkestra validate examples/website/katalog.yaml",
                "  orkestra render examples/website/katalog.yaml --cr examples/website/cr.yaml",
                "  orkestra run examples/website/katalog.yaml"})
public final class Main {

    /** Exit code for invalid input (a Katalog with errors, a CR that does not render). */
    static final int INVALID = 2;

    public static void main(String[] args) {
        selectLogFormat(args);
        System.exit(run(args));
    }

    /**
     * {@code --log-format json|text} must take effect before the first logger exists, so it is read here, ahead of
     * picocli (which also knows the option, for help and validation).
     */
    static void selectLogFormat(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--log-format=") ? args[i].substring("--log-format=".length())
                    : args[i].equals("--log-format") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null && (value.equalsIgnoreCase("json") || value.equalsIgnoreCase("text"))) {
                System.setProperty("orkestra.log.format", value.toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    /** Runs a command line and returns its exit code; never throws (errors are printed, not stack-traced). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Same, printing to the given streams (tests, embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("orkestra: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }
}
