package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orkspace.orkestra.katalog.Location;
import io.orkspace.orkestra.katalog.Problem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code imports.helm}: a chart from a chart repository. Reads {@code index.yaml}, picks the version (exact, or the
 * highest matching a range), downloads the {@code .tgz} and checks it against the index's digest, and reads the
 * Katalogs from the chart: every document with {@code kind: Katalog} among its {@code templates/} (or the one file
 * {@code path} names). Charts are cached by digest; the index is fetched each time (and kept for offline use).
 */
public final class HelmSource {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KATALOG_KIND = Pattern.compile("(?m)^kind:\\s*[\"']?Katalog[\"']?\\s*(#.*)?$");
    private static final Pattern RANGE_CHARS = Pattern.compile("[\\^~<>=!*xX|, ]");

    private final ImportedKatalogs katalogs;
    private final Http http;
    private final ContentStore store;
    private final UnaryOperator<String> env;
    private final boolean offline;

    public HelmSource(ImportedKatalogs katalogs, Http http, ContentStore store, UnaryOperator<String> env, boolean offline) {
        this.katalogs = katalogs;
        this.http = http;
        this.store = store;
        this.env = env;
        this.offline = offline;
    }

    private record ChartVersion(String version, String digest, String url) {
    }

    public List<SourceKatalog> fetch(KomposerDocument.HelmImport imp, List<Problem> problems) throws SourceException {
        String repo = FileSource.expand(Objects.requireNonNullElse(imp.repo(), ""), env).replaceAll("/+$", "");
        if (!repo.startsWith("http://") && !repo.startsWith("https://")) {
            throw new SourceException("only http(s) chart repositories are supported yet (got \"" + repo + "\")");
        }
        Credentials credentials = Credentials.of(imp.auth(), env);
        ChartVersion chosen = choose(index(repo, credentials), imp);
        Path dir = chart(repo, imp.chart(), chosen, credentials);
        Path root = chartRoot(dir, imp.chart());
        String label = "helm chart " + imp.chart() + " " + chosen.version() + " from " + repo;
        List<Path> files = files(root, imp.path(), label);
        List<SourceKatalog> out = new ArrayList<>();
        int before = problems.size();
        for (Path file : files) {
            String text = read(file);
            String relative = root.relativize(file).toString();
            for (String doc : HelmTemplates.documents(text)) {
                HelmTemplates.Rendered rendered = HelmTemplates.render(doc);
                if (!KATALOG_KIND.matcher(rendered.text()).find()) {
                    continue;
                }
                if (!rendered.unsupported().isEmpty()) {
                    rendered.unsupported().forEach(u -> problems.add(new Problem(new Location(file, u.line(), u.column()), "",
                            "the Helm action " + u.action() + " is not supported yet: a chart's Katalogs are read without Helm values"
                                    + " (in " + label + ")")));
                    continue;
                }
                SourceKatalog k = katalogs.load(imp, label + " (" + relative + ")", file, rendered.text(), true, problems);
                if (k != null) {
                    out.add(k);
                }
            }
        }
        if (out.isEmpty() && problems.size() == before) {
            throw new SourceException("chart " + imp.chart() + " " + chosen.version() + " holds no Katalog ("
                    + (imp.path() == null ? "no template has kind: Katalog" : imp.path() + " has no kind: Katalog document") + ")");
        }
        return out;
    }

    /** The repository's index: fetched (and kept) online, the kept copy offline. */
    private Map<?, ?> index(String repo, Credentials credentials) throws SourceException {
        Path kept = store.root().resolve("helm").resolve("index").resolve(ContentStore.sha256(repo.getBytes(StandardCharsets.UTF_8)).substring(7) + ".yaml");
        byte[] body;
        if (offline) {
            try {
                body = Files.readAllBytes(kept);
            } catch (IOException e) {
                throw new SourceException("its index.yaml is not in the cache (offline)");
            }
        } else {
            URI uri = URI.create(repo + "/index.yaml");
            HttpRequest.Builder request = http.request(uri).GET();
            if (credentials != null) {
                request.header("Authorization", credentials.authorization());
            }
            HttpResponse<byte[]> response = http.send(request.build());
            check(response, uri, credentials, "no index.yaml at " + uri + " (is it a chart repository?)");
            body = response.body();
            try {
                ContentStore.writeAtomically(kept, body);
            } catch (IOException e) {
                // offline use only; resolving now does not need it
            }
        }
        try {
            Object parsed = YAML.readValue(body, Object.class);
            if (parsed instanceof Map<?, ?> m && m.get("entries") instanceof Map<?, ?> entries) {
                return entries;
            }
        } catch (IOException e) {
            throw new SourceException("index.yaml is not valid YAML: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
        throw new SourceException("index.yaml has no entries: (is it a chart repository?)");
    }

    private static ChartVersion choose(Map<?, ?> entries, KomposerDocument.HelmImport imp) throws SourceException {
        if (!(entries.get(imp.chart()) instanceof List<?> list) || list.isEmpty()) {
            String names = entries.keySet().stream().map(String::valueOf).sorted().limit(10).collect(Collectors.joining(", "));
            throw new SourceException("chart \"" + imp.chart() + "\" is not in the repository" + (names.isEmpty() ? "" : " (charts: " + names + ")"));
        }
        List<ChartVersion> versions = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("version") != null) {
                Object urls = m.get("urls");
                String url = urls instanceof List<?> u && !u.isEmpty() ? String.valueOf(u.get(0)) : null;
                versions.add(new ChartVersion(String.valueOf(m.get("version")), m.get("digest") == null ? null : String.valueOf(m.get("digest")), url));
            }
        }
        String wanted = imp.version() == null ? "*" : imp.version().trim();
        ChartVersion chosen = null;
        if (!RANGE_CHARS.matcher(wanted).find() && Semver.parse(wanted) != null) {
            Semver exact = Semver.parse(wanted);
            for (ChartVersion v : versions) {
                if (v.version().equals(wanted) || exact.equals(Semver.parse(v.version()))) {
                    chosen = v;
                }
            }
        } else {
            SemverRange range;
            try {
                range = SemverRange.parse(wanted);
            } catch (IllegalArgumentException e) {
                throw new SourceException("version: " + e.getMessage());
            }
            Semver best = null;
            for (ChartVersion v : versions) {
                Semver s = Semver.parse(v.version());
                if (s != null && range.matches(s) && (best == null || s.compareTo(best) > 0)) {
                    best = s;
                    chosen = v;
                }
            }
        }
        if (chosen == null) {
            String available = versions.stream().map(ChartVersion::version).filter(v -> Semver.parse(v) != null)
                    .sorted(Comparator.comparing(Semver::parse, Comparator.reverseOrder())).limit(10).collect(Collectors.joining(", "));
            throw new SourceException("no version of chart " + imp.chart() + " matches \"" + wanted + "\" (available: " + available + ")");
        }
        if (chosen.url() == null) {
            throw new SourceException("index.yaml gives no download URL for chart " + imp.chart() + " " + chosen.version());
        }
        if (chosen.digest() == null || !chosen.digest().matches("(sha256:)?[0-9a-fA-F]{64}")) {
            throw new SourceException("index.yaml gives no sha256 digest for chart " + imp.chart() + " " + chosen.version()
                    + ": the download cannot be verified");
        }
        return chosen;
    }

    /** The chart's files, from the cache or downloaded, verified and unpacked into it. */
    private Path chart(String repo, String name, ChartVersion v, Credentials credentials) throws SourceException {
        String digest = "sha256:" + v.digest().replaceFirst("^sha256:", "").toLowerCase(java.util.Locale.ROOT);
        Path cached = store.entry("helm", digest);
        if (Files.isDirectory(cached)) {
            return cached;
        }
        if (offline) {
            throw new SourceException("chart " + name + " " + v.version() + " is not in the cache (offline)");
        }
        URI base = URI.create(repo + "/");
        URI uri = base.resolve(v.url());
        HttpRequest.Builder request = http.request(uri).GET();
        if (credentials != null && Objects.equals(uri.getHost(), base.getHost())) {
            request.header("Authorization", credentials.authorization());
        }
        HttpResponse<byte[]> response = http.send(request.build());
        check(response, uri, credentials, "the chart archive " + uri + " is missing (HTTP 404)");
        String actual = ContentStore.sha256(response.body());
        if (!actual.equals(digest)) {
            throw new SourceException("digest mismatch for " + uri + ": index.yaml says " + digest + ", the download is " + actual);
        }
        return store.directory("helm", digest, dir -> {
            for (Map.Entry<String, byte[]> e : TarGz.read(response.body()).entrySet()) {
                Path target = ContentStore.safeChild(dir, e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        });
    }

    private static Path chartRoot(Path dir, String chart) throws SourceException {
        if (Files.isRegularFile(dir.resolve(chart).resolve("Chart.yaml"))) {
            return dir.resolve(chart);
        }
        try (Stream<Path> top = Files.list(dir)) {
            List<Path> roots = top.filter(p -> Files.isRegularFile(p.resolve("Chart.yaml"))).toList();
            if (roots.size() == 1) {
                return roots.get(0);
            }
        } catch (IOException e) {
            throw new SourceException("cannot read the cached chart " + dir + ": " + e.getMessage());
        }
        throw new SourceException("the archive holds no chart (no " + chart + "/Chart.yaml)");
    }

    private static List<Path> files(Path root, String path, String label) throws SourceException {
        if (path != null) {
            Path file = ContentStore.safeChild(root, path);
            if (!Files.isRegularFile(file)) {
                throw new SourceException("path " + path + " is not a file of " + label);
            }
            return List.of(file);
        }
        Path templates = root.resolve("templates");
        if (!Files.isDirectory(templates)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(templates)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SourceException("cannot read the cached chart " + root + ": " + e.getMessage());
        }
    }

    private static void check(HttpResponse<byte[]> response, URI uri, Credentials credentials, String notFound) throws SourceException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        if (status == 401 || status == 403) {
            throw new SourceException("access denied to " + uri + " (HTTP " + status + ")"
                    + (credentials == null ? "; the repository needs credentials (auth:)" : "; check the credentials of auth:"));
        }
        if (status == 404) {
            throw new SourceException(notFound);
        }
        throw new SourceException("HTTP " + status + " from " + uri);
    }

    private static String read(Path file) throws SourceException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
