package io.orkspace.orkestra.komposer.internal;

import java.util.regex.Pattern;

/**
 * An OCI artifact reference: {@code [oci://]host[:port]/repository[:tag][@sha256:…]}. The reference's
 * {@code url@version} shorthand ({@code ghcr.io/org/postgres@v14}) is read too: after {@code @}, a digest or a tag.
 */
public record OciReference(String registry, String repository, String tag, String digest) {

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    /** Parses a reference; {@code defaultVersion} (a tag or digest, may be null → latest) applies when it names none. */
    public static OciReference parse(String text, String defaultVersion) throws SourceException {
        String s = text.trim();
        s = s.startsWith("oci://") ? s.substring(6) : s;
        int slash = s.indexOf('/');
        if (slash <= 0) {
            throw new SourceException("\"" + text + "\" is not an OCI reference (host/repository:tag)");
        }
        String registry = s.substring(0, slash);
        String rest = s.substring(slash + 1);
        String tag = null;
        String digest = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String version = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (version.startsWith("sha256:")) {
                digest = version;
            } else {
                tag = version;
            }
        }
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            if (tag != null) {
                throw new SourceException("\"" + text + "\" names two tags");
            }
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            String v = defaultVersion == null || defaultVersion.isBlank() ? "latest" : defaultVersion.trim();
            if (v.startsWith("sha256:")) {
                digest = v;
            } else {
                tag = v;
            }
        }
        if (registry.equals("docker.io")) {
            registry = "registry-1.docker.io";
            rest = rest.contains("/") ? rest : "library/" + rest;
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            throw new SourceException("\"" + rest + "\" is not a valid repository name (lowercase letters, digits, . _ - and /)");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new SourceException("\"" + tag + "\" is not a valid tag");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new SourceException("\"" + digest + "\" is not a sha256 digest (sha256: and 64 hex digits)");
        }
        return new OciReference(registry, rest, tag, digest);
    }

    /** The tag, or the digest when there is no tag: what a manifest is fetched by. */
    public String version() {
        return digest != null ? digest : tag;
    }

    @Override
    public String toString() {
        return "oci://" + registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
