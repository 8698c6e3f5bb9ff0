package io.orkspace.orkestra.registry;

import io.orkspace.orkestra.registry.kinds.BuiltInHandlers;

import java.util.List;

/** The kinds {@link KindHandlers#builtIn()} holds: one handler per resource kind of the reference. */
final class BuiltInKinds {

    private BuiltInKinds() {
    }

    static List<KindHandler> all(KindScopes scopes) {
        return BuiltInHandlers.all(scopes);
    }
}
