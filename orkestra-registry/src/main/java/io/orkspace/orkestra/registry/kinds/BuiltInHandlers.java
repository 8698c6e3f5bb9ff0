package io.orkspace.orkestra.registry.kinds;

import io.orkspace.orkestra.registry.KindHandler;

import java.util.List;

/** The kind handlers this release ships, in the order the reference lists the kinds. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {
    }

    /** One new handler per built-in kind. */
    public static List<KindHandler> all() {
        return List.of(
                new DeploymentHandler(),
                new ServiceHandler(),
                new ConfigMapHandler(),
                new SecretHandler());
    }
}
