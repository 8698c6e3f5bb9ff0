package io.orkspace.orkestra.examples.embedded;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service of the host application: which feature flags are on in which environment. It stands for anything an
 * application already has (a database, a cache, a config server client) and wants its operator to use.
 */
public final class FeatureFlags {

    private final Map<String, List<String>> byEnvironment = new ConcurrentHashMap<>();

    public static FeatureFlags sample() {
        FeatureFlags flags = new FeatureFlags();
        flags.set("staging", List.of("new-checkout", "dark-mode"));
        flags.set("production", List.of("dark-mode"));
        return flags;
    }

    public void set(String environment, List<String> flags) {
        byEnvironment.put(environment, List.copyOf(flags));
    }

    public List<String> enabledIn(String environment) {
        return byEnvironment.getOrDefault(environment, List.of());
    }
}
