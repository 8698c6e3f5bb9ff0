package io.orkspace.orkestra.examples.embedded;

import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;

/**
 * Writes the flags that are on for an {@code AppConfig}'s environment into {@code status.flags}. It is built with
 * the application's own {@link FeatureFlags}, which is why it is registered with {@code Orkestra.builder().hook(...)}
 * rather than found through {@link java.util.ServiceLoader} (that needs a no-argument constructor).
 */
final class FeatureFlagsHook implements Hook {

    private final FeatureFlags flags;

    FeatureFlagsHook(FeatureFlags flags) {
        this.flags = flags;
    }

    @Override
    public String name() {
        return "feature-flags";
    }

    @Override
    public HookResult reconcile(HookContext context) {
        return HookResult.done().withStatus("flags", flags.enabledIn(context.args().string("environment")));
    }
}
