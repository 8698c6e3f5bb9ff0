package io.orkspace.orkestra.launcher;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.KomposerResolver;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.registry.ChildRenderer;
import io.orkspace.orkestra.registry.DesiredChild;
import io.orkspace.orkestra.registry.KindHandlers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Prints, as a YAML stream, exactly the objects the operator would apply for a CR. No cluster needed.",
            "Exit code 0 on success; 2 when the Katalog is invalid or the CR does not render (located errors on stderr)."},
        footer = {"", "Examples:",
            "  orkestra render examples/website/katalog.yaml --cr examples/website/cr.yaml",
            "  orkestra render katalog.yaml --cr cr.yaml --crd website --phase reconcile"})
final class RenderCommand implements Callable<Integer> {

    /** Plain YAML, each object a document starting with "---"; strings quoted only where YAML needs it. */
    private static final ObjectMapper OUTPUT = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Parameters(index = "0", paramLabel = "KATALOG", description = "The Katalog.")
    Path katalogFile;

    @Option(names = "--cr", required = true, paramLabel = "CR.yaml", description = "The custom resource(s) to render for (a YAML file; several documents allowed).")
    Path crFile;

    @Option(names = "--crd", paramLabel = "ENTRY", description = "The CRD entry to use (default: the one whose apiTypes match the CR's apiVersion and kind).")
    String crdName;

    @Option(names = "--phase", defaultValue = "create", paramLabel = "PHASE",
            description = "create (first reconcile: onCreate + onReconcile), reconcile (later reconciles: onReconcile + onCreate entries with reconcile: true) or delete (onDelete). Default: ${DEFAULT-VALUE}.")
    String phase;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ChildRenderer.Phase p;
        try {
            p = ChildRenderer.Phase.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("orkestra render: --phase must be create, reconcile or delete, got \"" + phase + "\"");
            return Main.INVALID;
        }
        KatalogLoader loader = KatalogLoader.create();
        Katalog katalog;
        try {
            katalog = KomposerResolver.create(KomposerOptions.defaults(), loader).resolve(katalogFile).katalog();
        } catch (KatalogException e) {
            e.problems().forEach(err::println);
            return Main.INVALID;
        }
        List<Map<String, Object>> crs = readCrs(crFile, err);
        if (crs == null) {
            return Main.INVALID;
        }
        ChildRenderer renderer = new ChildRenderer(KindHandlers.builtIn(), loader.templates());
        StringBuilder out = new StringBuilder();
        int failures = 0;
        for (Map<String, Object> cr : crs) {
            CrdEntry crd = entryFor(katalog, cr, err);
            if (crd == null) {
                failures++;
                continue;
            }
            ChildRenderer.Result result = renderer.render(crd, cr, p);
            for (RenderException e : result.errors()) {
                err.println(e.location() + ": " + e.path() + ": " + e.detail());
                failures++;
            }
            for (DesiredChild child : result.children()) {
                out.append(OUTPUT.writeValueAsString(Serialization.jsonMapper().valueToTree(child.object())));
            }
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return failures == 0 ? 0 : Main.INVALID;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> readCrs(Path file, PrintWriter err) {
        List<Map<String, Object>> crs = new ArrayList<>();
        try (MappingIterator<Object> docs = YAML.readerFor(Object.class).readValues(Files.readString(file))) {
            while (docs.hasNext()) {
                Object doc = docs.next();
                if (doc instanceof Map<?, ?> m) {
                    crs.add((Map<String, Object>) m);
                } else if (doc != null) {
                    err.println(file + ": expected a custom resource (a map), got " + doc.getClass().getSimpleName());
                    return null;
                }
            }
        } catch (IOException e) {
            err.println(file + ": cannot read the CR: " + e.getMessage().split("\n")[0]);
            return null;
        }
        if (crs.isEmpty()) {
            err.println(file + ": no custom resource in the file");
            return null;
        }
        return crs;
    }

    private CrdEntry entryFor(Katalog katalog, Map<String, Object> cr, PrintWriter err) {
        if (crdName != null) {
            CrdEntry e = katalog.crds().get(crdName);
            if (e == null) {
                err.println("orkestra render: no CRD entry \"" + crdName + "\" in " + katalogFile + " (entries: "
                        + String.join(", ", katalog.crds().keySet()) + ")");
            }
            return e;
        }
        String apiVersion = String.valueOf(cr.get("apiVersion"));
        String kind = String.valueOf(cr.get("kind"));
        List<CrdEntry> exact = katalog.crds().values().stream()
                .filter(e -> e.apiTypes().apiVersion().equals(apiVersion) && kind.equals(e.apiTypes().kind())).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        List<CrdEntry> sameKind = katalog.crds().values().stream()
                .filter(e -> e.apiTypes().group().equals(group) && kind.equals(e.apiTypes().kind())).toList();
        if (sameKind.size() == 1) {
            return sameKind.get(0);
        }
        err.println("orkestra render: " + (exact.size() + sameKind.size() == 0 ? "no" : "more than one")
                + " CRD entry of " + katalogFile + " matches " + apiVersion + " " + kind + "; choose one with --crd");
        return null;
    }
}
