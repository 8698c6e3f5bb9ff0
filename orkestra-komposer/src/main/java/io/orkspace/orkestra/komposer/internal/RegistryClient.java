package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution API, for one registry: manifests and blobs, pulled and pushed. Authentication follows the
 * registry's {@code WWW-Authenticate} challenge: anonymous first; {@code Basic} with the credentials; {@code Bearer}
 * by fetching a token from the challenge's realm (with the credentials, if any) for the scope asked, then retrying.
 * Tokens are kept per scope for the client's life.
 */
public final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Http http;
    private final String registry;
    private final URI base;
    private final Credentials credentials;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    public RegistryClient(Http http, String registry, Credentials credentials, Set<String> plainHttpHosts) {
        this.http = http;
        this.registry = registry;
        String host = registry.contains(":") && !registry.startsWith("[") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        boolean plain = LOOPBACK.contains(host) || plainHttpHosts.contains(registry) || plainHttpHosts.contains(host);
        this.base = URI.create((plain ? "http://" : "https://") + registry);
        this.credentials = credentials;
    }

    /** A fetched manifest: its bytes, its media type, and its digest as computed from the bytes. */
    public record Manifest(byte[] body, String mediaType, String digest) {
    }

    public Manifest manifest(String repository, String reference, String accept) throws SourceException {
        URI uri = base.resolve("/v2/" + repository + "/manifests/" + reference);
        HttpResponse<byte[]> r = send(http.request(uri).header("Accept", accept).GET(), scope(repository, false));
        if (r.statusCode() != 200) {
            throw failure(r, reference.startsWith("sha256:") ? "manifest " + reference + " not found" : "tag " + reference + " not found");
        }
        String digest = ContentStore.sha256(r.body());
        String claimed = Http.header(r, "Docker-Content-Digest").orElse(digest);
        if (!claimed.equals(digest) || (reference.startsWith("sha256:") && !reference.equals(digest))) {
            throw new SourceException("digest mismatch for the manifest " + reference + ": the registry sent content with " + digest);
        }
        return new Manifest(r.body(), Http.header(r, "Content-Type").orElse("").split(";")[0].trim(), digest);
    }

    public byte[] blob(String repository, String digest, long size) throws SourceException {
        URI uri = base.resolve("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<byte[]> r = send(http.request(uri).GET(), scope(repository, false));
        if (r.statusCode() != 200) {
            throw failure(r, "blob " + digest + " not found");
        }
        String actual = ContentStore.sha256(r.body());
        if (!actual.equals(digest) || (size >= 0 && r.body().length != size)) {
            throw new SourceException("digest mismatch for the blob " + digest + ": received " + r.body().length + " bytes with " + actual);
        }
        return r.body();
    }

    /** Uploads a blob unless the registry has it (monolithic upload: POST, then PUT with the digest). */
    public void pushBlob(String repository, String digest, byte[] data) throws SourceException {
        String scope = scope(repository, true);
        URI head = base.resolve("/v2/" + repository + "/blobs/" + digest);
        if (send(http.request(head).method("HEAD", HttpRequest.BodyPublishers.noBody()), scope).statusCode() == 200) {
            return;
        }
        URI start = base.resolve("/v2/" + repository + "/blobs/uploads/");
        HttpResponse<byte[]> r = send(http.request(start).POST(HttpRequest.BodyPublishers.noBody()), scope);
        if (r.statusCode() != 202) {
            throw failure(r, "cannot start an upload");
        }
        URI location = start.resolve(Http.header(r, "Location").orElseThrow(() -> new SourceException("the registry gave no upload location")));
        String sep = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        r = send(http.request(put).header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(data)), scope);
        if (r.statusCode() != 201) {
            throw failure(r, "upload of " + digest + " refused");
        }
    }

    /** Puts a manifest under a tag; returns its digest. */
    public String pushManifest(String repository, String tag, byte[] manifest, String mediaType) throws SourceException {
        URI uri = base.resolve("/v2/" + repository + "/manifests/" + tag);
        HttpResponse<byte[]> r = send(http.request(uri).header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                scope(repository, true));
        if (r.statusCode() != 201) {
            throw failure(r, "manifest refused");
        }
        return ContentStore.sha256(manifest);
    }

    private static String scope(String repository, boolean push) {
        return "repository:" + repository + (push ? ":pull,push" : ":pull");
    }

    /** Sends with what worked before for this scope; answers a 401 challenge once. */
    private HttpResponse<byte[]> send(HttpRequest.Builder request, String scope) throws SourceException {
        String known = authorizations.get(scope);
        if (known != null) {
            request.setHeader("Authorization", known);
        }
        HttpResponse<byte[]> r = http.send(request.build());
        if (r.statusCode() != 401) {
            return r;
        }
        String challenge = Http.header(r, "WWW-Authenticate").orElse("");
        String authorization = answer(challenge, scope);
        authorizations.put(scope, authorization);
        request.setHeader("Authorization", authorization);
        r = http.send(request.build());
        if (r.statusCode() == 401) {
            throw new SourceException("unauthorized: " + (credentials == null ? "the registry needs credentials (docker login " + registry
                    + ", or auth: in the import)" : "the registry refused the credentials") + errorText(r));
        }
        return r;
    }

    private String answer(String challenge, String scope) throws SourceException {
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            if (credentials == null) {
                throw new SourceException("unauthorized: the registry needs credentials (docker login " + registry + ", or auth: in the import)");
            }
            return Http.basic(credentials.username(), credentials.secret());
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            throw new SourceException("unauthorized, with an authentication scheme not supported: " + challenge);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new SourceException("the registry's Bearer challenge names no realm: " + challenge);
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        }
        String wanted = params.getOrDefault("scope", scope);
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(wanted, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder tokenRequest = http.request(tokenUri).GET();
        if (credentials != null) {
            tokenRequest.header("Authorization", Http.basic(credentials.username(), credentials.secret()));
        }
        HttpResponse<byte[]> r = http.send(tokenRequest.build());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new SourceException("unauthorized: the token service " + realm + " refused " + (credentials == null
                    ? "anonymous access (docker login " + registry + ", or auth: in the import)" : "the credentials") + " (HTTP " + r.statusCode() + ")");
        }
        if (r.statusCode() != 200) {
            throw new SourceException("the token service " + realm + " answered HTTP " + r.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            String token = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText(null);
            if (token == null || token.isEmpty()) {
                throw new SourceException("the token service " + realm + " returned no token");
            }
            return "Bearer " + token;
        } catch (IOException e) {
            throw new SourceException("the token service " + realm + " returned something other than JSON");
        }
    }

    /** The registry's error, in its words: {@code MANIFEST_UNKNOWN: manifest unknown}. */
    private static SourceException failure(HttpResponse<byte[]> r, String notFound) {
        int status = r.statusCode();
        if (status == 404) {
            return new SourceException(notFound + errorText(r));
        }
        if (status == 403) {
            return new SourceException("access denied (HTTP 403)" + errorText(r));
        }
        return new SourceException("HTTP " + status + " from " + r.request().method() + " " + r.uri() + errorText(r));
    }

    private static String errorText(HttpResponse<byte[]> r) {
        try {
            JsonNode errors = JSON.readTree(r.body()).path("errors");
            if (errors.isArray() && errors.size() > 0) {
                JsonNode e = errors.get(0);
                return " (" + e.path("code").asText() + ": " + e.path("message").asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not the registry's JSON error body
        }
        return "";
    }
}
