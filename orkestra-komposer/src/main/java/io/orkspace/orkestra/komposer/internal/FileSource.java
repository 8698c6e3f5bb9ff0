package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Problem;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code imports.files}: a path (relative to the Komposer's folder), or an http(s) URL, {@code $VAR} expanded.
 * Downloads are kept in the cache by digest.
 */
public final class FileSource {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final ImportedKatalogs katalogs;
    private final Http http;
    private final ContentStore store;
    private final UnaryOperator<String> env;
    private final boolean offline;

    public FileSource(ImportedKatalogs katalogs, Http http, ContentStore store, UnaryOperator<String> env, boolean offline) {
        this.katalogs = katalogs;
        this.http = http;
        this.store = store;
        this.env = env;
        this.offline = offline;
    }

    public SourceKatalog fetch(KomposerDocument.FileImport imp, Path komposerFolder, List<Problem> problems) throws SourceException {
        if (imp.url() == null || imp.url().isBlank()) {
            throw new SourceException("url is empty");
        }
        String url = expand(imp.url(), env);
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return download(imp, url, problems);
        }
        Path file = komposerFolder.resolve(url).normalize();
        return katalogs.load(imp, "file " + imp.url(), file, null, false, problems);
    }

    private SourceKatalog download(KomposerDocument.FileImport imp, String url, List<Problem> problems) throws SourceException {
        if (offline) {
            throw new SourceException("cannot download " + url + " while offline");
        }
        var request = http.request(URI.create(url)).GET();
        Credentials credentials = Credentials.of(imp.auth(), env);
        if (credentials != null) {
            request.header("Authorization", credentials.authorization());
        }
        HttpResponse<byte[]> response = http.send(request.build());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new SourceException("access denied (HTTP " + response.statusCode() + ")" + (credentials == null ? "; set auth" : "; check auth"));
        }
        if (response.statusCode() != 200) {
            throw new SourceException("HTTP " + response.statusCode() + " from " + url);
        }
        byte[] body = response.body();
        String name = Path.of(URI.create(url).getPath()).getFileName() == null ? "katalog.yaml"
                : Path.of(URI.create(url).getPath()).getFileName().toString();
        Path dir = store.directory("files", ContentStore.sha256(body), d -> Files.write(d.resolve(name), body));
        return katalogs.load(imp, "file " + url, dir.resolve(name), new String(body, StandardCharsets.UTF_8), true, problems);
    }

    /** {@code $VAR} and {@code ${VAR}} from the environment; an unset variable is an error, not an empty string. */
    public static String expand(String text, UnaryOperator<String> env) throws SourceException {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = env.apply(name);
            if (value == null) {
                throw new SourceException("environment variable " + name + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
