package io.orkspace.orkestra.komposer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the Komposer reaches and caches its sources. One immutable record; {@link #defaults()} fills every setting once.
 *
 * <pre>{@code
 * KomposerOptions options = KomposerOptions.defaults().withOffline(true);
 * Resolution r = KomposerResolver.create(options).resolve(Path.of("komposer.yaml"));
 * }</pre>
 *
 * @param cacheDir       where pulled artifacts are kept, by digest ({@code $ORKESTRA_CACHE}, else
 *                       {@code $XDG_CACHE_HOME/orkestra}, else {@code ~/.cache/orkestra})
 * @param dockerConfig   the Docker client configuration read for registry credentials
 *                       ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}); a missing file means no credentials
 * @param offline        never touch the network: tags and chart versions resolve to what was pulled last, digests from the cache
 * @param timeout        connect and request timeout of every HTTP call
 * @param plainHttpHosts registry hosts ({@code host} or {@code host:port}) spoken to over plain HTTP; loopback hosts
 *                       ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) always are, as Docker does
 * @param env            environment lookup for {@code $VAR} in URLs and for {@code auth.fromEnv} (tests pass a map)
 */
public record KomposerOptions(Path cacheDir, Path dockerConfig, boolean offline, Duration timeout, Set<String> plainHttpHosts,
                              UnaryOperator<String> env) {

    public KomposerOptions {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(dockerConfig, "dockerConfig");
        Objects.requireNonNull(timeout, "timeout");
        plainHttpHosts = Set.copyOf(plainHttpHosts);
        Objects.requireNonNull(env, "env");
    }

    /** The defaults, read from the process environment. */
    public static KomposerOptions defaults() {
        Map<String, String> env = System.getenv();
        Path home = Path.of(System.getProperty("user.home"));
        Path cache = env.containsKey("ORKESTRA_CACHE") ? Path.of(env.get("ORKESTRA_CACHE"))
                : env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME"), "orkestra")
                : home.resolve(".cache").resolve("orkestra");
        Path docker = env.containsKey("DOCKER_CONFIG") ? Path.of(env.get("DOCKER_CONFIG"), "config.json")
                : home.resolve(".docker").resolve("config.json");
        return new KomposerOptions(cache, docker, false, Duration.ofSeconds(30), Set.of(), System::getenv);
    }

    public KomposerOptions withCacheDir(Path dir) {
        return new KomposerOptions(dir, dockerConfig, offline, timeout, plainHttpHosts, env);
    }

    public KomposerOptions withDockerConfig(Path file) {
        return new KomposerOptions(cacheDir, file, offline, timeout, plainHttpHosts, env);
    }

    public KomposerOptions withOffline(boolean offline) {
        return new KomposerOptions(cacheDir, dockerConfig, offline, timeout, plainHttpHosts, env);
    }

    public KomposerOptions withTimeout(Duration timeout) {
        return new KomposerOptions(cacheDir, dockerConfig, offline, timeout, plainHttpHosts, env);
    }

    public KomposerOptions withPlainHttpHosts(Set<String> hosts) {
        return new KomposerOptions(cacheDir, dockerConfig, offline, timeout, hosts, env);
    }

    public KomposerOptions withEnv(UnaryOperator<String> env) {
        return new KomposerOptions(cacheDir, dockerConfig, offline, timeout, plainHttpHosts, env);
    }
}
