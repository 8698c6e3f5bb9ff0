package io.orkspace.orkestra.komposer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Registry credentials from the Docker client's {@code config.json} ({@code docker login} writes them):
 * {@code auths.<host>.auth} (base64 {@code user:password}) or {@code username}/{@code password}. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are not read yet.
 */
public final class DockerConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerConfig() {
    }

    /** The credentials stored for {@code registry} ({@code host[:port]}), or null. */
    public static Credentials lookup(Path configFile, String registry) throws SourceException {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(configFile));
        } catch (IOException e) {
            throw new SourceException("cannot read the Docker credentials in " + configFile + ": " + e.getMessage().split("\n")[0]);
        }
        JsonNode auths = root.path("auths");
        for (Map.Entry<String, JsonNode> e : auths.properties()) {
            if (!host(e.getKey()).equals(host(registry))) {
                continue;
            }
            JsonNode entry = e.getValue();
            if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
                return new Credentials(entry.get("username").asText(), entry.get("password").asText(), false);
            }
            if (entry.hasNonNull("auth")) {
                String decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText().trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), false);
                }
            }
        }
        return null;
    }

    /** {@code https://index.docker.io/v1/} and {@code registry-1.docker.io} both mean Docker Hub; schemes and paths are dropped. */
    private static String host(String key) {
        String h = key.replaceFirst("^[a-z]+://", "");
        int slash = h.indexOf('/');
        h = slash >= 0 ? h.substring(0, slash) : h;
        return h.equals("index.docker.io") || h.equals("docker.io") ? "registry-1.docker.io" : h;
    }
}
