package io.orkspace.orkestra.launcher;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.webhook.ConversionCheck;
import io.orkspace.orkestra.webhook.ConversionException;
import io.orkspace.orkestra.webhook.ConversionReviewHandler;
import io.orkspace.orkestra.webhook.Converter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts custom resources between the versions of a CRD with the Katalog's conversion paths, "
                + "offline, exactly as the /convert webhook would.",
            "With --check, round-trips each CR to every other version and back and reports each field lost or changed.",
            "Exit code 0 on success; 1 when --check finds an unacknowledged loss or a missing path; 2 for invalid input "
                + "(a Katalog with errors, an unreadable CR, a conversion that fails)."},
        footer = {"", "Examples:",
            "  orkestra convert katalog.yaml --cr cr-v1alpha1.yaml --to v1",
            "  orkestra convert katalog.yaml --check",
            "  orkestra convert katalog.yaml --check --cr cr-v1.yaml",
            "", "Acknowledge an intended loss in the Katalog:",
            "  conversion:", "    acknowledgeLoss: [spec.seo]"})
final class ConvertCommand implements Callable<Integer> {

    /** Exit code of --check when a round trip loses data or cannot be made. */
    static final int LOSSY = 1;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper OUTPUT = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    @Parameters(index = "0", paramLabel = "KATALOG", description = "The Katalog.")
    Path katalogFile;

    @Option(names = "--cr", paramLabel = "CR.yaml",
            description = "The custom resource(s) to convert (a YAML file; several documents allowed). Required without "
                    + "--check; with --check, defaults to the crFiles of the entries of the converted kind.")
    Path crFile;

    @Option(names = "--to", paramLabel = "VERSION",
            description = "Target version (v1) or apiVersion (group/v1). With --check: only round-trip through this version.")
    String to;

    @Option(names = "--crd", paramLabel = "ENTRY",
            description = "The CRD entry whose conversion to use (default: the one declaring conversion for the CR's group and kind).")
    String crdName;

    @Option(names = "--check", description = "Round-trip every sample through every other version and report what does not come back.")
    boolean check;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!check && (crFile == null || to == null)) {
            err.println("orkestra convert: --cr and --to are required (or use --check)");
            return Main.INVALID;
        }
        Katalog katalog;
        try {
            katalog = KatalogLoader.create().load(katalogFile);
        } catch (KatalogException e) {
            e.problems().forEach(err::println);
            return Main.INVALID;
        }
        List<ConversionCheck.Sample> samples = new ArrayList<>();
        if (crFile != null && !read(crFile, samples, err)) {
            return Main.INVALID;
        }
        List<Converter> converters = converters(katalog, samples, err);
        if (converters == null) {
            return Main.INVALID;
        }
        return check ? check(katalog, converters, samples, out, err) : convert(converters.get(0), samples, out, err);
    }

    private int convert(Converter converter, List<ConversionCheck.Sample> samples, PrintWriter out, PrintWriter err) {
        StringBuilder yaml = new StringBuilder();
        int failures = 0;
        for (ConversionCheck.Sample s : samples) {
            try {
                yaml.append(OUTPUT.writeValueAsString(converter.convert(s.object(), to)));
            } catch (ConversionException e) {
                err.println(s.origin() + ": " + e.getMessage());
                failures++;
            } catch (JsonProcessingException e) {
                err.println(s.origin() + ": cannot print the converted object: " + e.getOriginalMessage());
                failures++;
            }
        }
        out.print(yaml);
        out.flush();
        return failures == 0 ? 0 : Main.INVALID;
    }

    private int check(Katalog katalog, List<Converter> converters, List<ConversionCheck.Sample> given, PrintWriter out,
                      PrintWriter err) {
        long problems = 0;
        for (Converter c : converters) {
            List<ConversionCheck.Sample> samples = given.isEmpty() ? crFilesOf(katalog, c, err) : given;
            if (samples == null) {
                return Main.INVALID;
            }
            out.println(c.entryName() + ": " + c.kind() + " (" + c.group() + "), versions " + String.join(", ", c.versions()));
            List<String> through = to == null ? null : List.of(to.contains("/") ? to.substring(to.lastIndexOf('/') + 1) : to);
            ConversionCheck.Report report = ConversionCheck.run(c, samples, through);
            report.missingRoutes().forEach(r -> out.println("  no conversion path " + r + " (objects stored as "
                    + r.substring(0, r.indexOf(' ')) + " cannot be read as " + r.substring(r.lastIndexOf(' ') + 1) + ")"));
            if (samples.isEmpty()) {
                out.println("  no sample CRs to round-trip: give some with --cr or list them in crFiles");
            }
            report.trips().forEach(t -> out.println("  " + t.describe().replace("\n", "\n  ")));
            if (!report.passed()) {
                problems += report.problems();
                boolean losses = report.trips().stream().anyMatch(t -> t.failure() == null && !t.passed());
                boolean paths = !report.missingRoutes().isEmpty() || report.trips().stream().anyMatch(t -> t.failure() != null);
                out.println("  " + report.problems() + (report.problems() == 1 ? " problem" : " problems")
                        + (paths ? "; add the missing paths under spec.crds." + c.entryName() + ".conversion.paths" : "")
                        + (losses ? "; acknowledge an intended loss under spec.crds." + c.entryName()
                            + ".conversion.acknowledgeLoss" : ""));
            }
        }
        out.flush();
        if (problems > 0) {
            err.println("orkestra convert: " + problems + " round-trip " + (problems == 1 ? "problem" : "problems"));
            return LOSSY;
        }
        return 0;
    }

    /** The converters to use: --crd's, the ones for the samples' kinds, or (--check without --cr) every one. */
    private List<Converter> converters(Katalog katalog, List<ConversionCheck.Sample> samples, PrintWriter err) {
        ConversionReviewHandler routes = ConversionReviewHandler.of(katalog);
        if (crdName != null) {
            if (!katalog.crds().containsKey(crdName)) {
                err.println("orkestra convert: no CRD entry \"" + crdName + "\" in " + katalogFile + " (entries: "
                        + String.join(", ", katalog.crds().keySet()) + ")");
                return null;
            }
            Optional<Converter> c = routes.converterFor(crdName);
            if (c.isEmpty()) {
                err.println("orkestra convert: CRD entry \"" + crdName + "\" declares no conversion");
                return null;
            }
            return List.of(c.get());
        }
        Map<String, Converter> found = new LinkedHashMap<>();
        if (samples.isEmpty()) {
            katalog.crds().values().forEach(e -> Converter.of(e).ifPresent(c -> found.put(e.name(), c)));
            if (found.isEmpty()) {
                err.println("orkestra convert: no CRD entry of " + katalogFile + " declares conversion");
                return null;
            }
            return new ArrayList<>(found.values());
        }
        for (ConversionCheck.Sample s : samples) {
            String apiVersion = String.valueOf(s.object().get("apiVersion"));
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.lastIndexOf('/')) : "";
            Object kind = s.object().get("kind");
            List<Converter> matching = new ArrayList<>();
            for (CrdEntry e : katalog.crds().values()) {
                Converter.of(e).filter(c -> c.group().equals(group) && c.kind().equals(kind)).ifPresent(matching::add);
            }
            if (matching.size() != 1) {
                err.println("orkestra convert: " + s.origin() + ": " + (matching.isEmpty() ? "no" : "more than one")
                        + " CRD entry of " + katalogFile + " declares conversion for " + kind + " in group "
                        + (group.isEmpty() ? "\"\"" : group) + (matching.isEmpty() ? "" : "; choose one with --crd"));
                return null;
            }
            found.putIfAbsent(matching.get(0).entryName(), matching.get(0));
        }
        if (!check && found.size() > 1) {
            err.println("orkestra convert: the CRs are of several kinds; convert one kind at a time");
            return null;
        }
        return new ArrayList<>(found.values());
    }

    private List<ConversionCheck.Sample> crFilesOf(Katalog katalog, Converter c, PrintWriter err) {
        List<ConversionCheck.Sample> samples = new ArrayList<>();
        for (CrdEntry e : katalog.crds().values()) {
            String group = e.apiTypes().group() == null ? "" : e.apiTypes().group();
            if (!group.equals(c.group()) || !c.kind().equals(e.apiTypes().kind())) {
                continue;
            }
            for (Path f : e.crFiles()) {
                if (samples.stream().noneMatch(s -> s.origin().equals(f.getFileName().toString())) && !read(f, samples, err)) {
                    return null;
                }
            }
        }
        samples.removeIf(s -> !c.kind().equals(s.object().get("kind")));
        return samples;
    }

    @SuppressWarnings("unchecked")
    private static boolean read(Path file, List<ConversionCheck.Sample> into, PrintWriter err) {
        String origin = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int before = into.size();
        try (MappingIterator<Object> docs = YAML.readerFor(Object.class).readValues(Files.readString(file))) {
            while (docs.hasNext()) {
                Object doc = docs.next();
                if (doc instanceof Map<?, ?> m) {
                    into.add(new ConversionCheck.Sample(origin, (Map<String, Object>) m));
                } else if (doc != null) {
                    err.println(file + ": expected a custom resource (a map), got " + doc.getClass().getSimpleName());
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println(file + ": cannot read the CR: " + m.split("\n")[0]);
            return false;
        }
        if (into.size() == before) {
            err.println(file + ": no custom resource in the file");
            return false;
        }
        return true;
    }
}
