package io.orkspace.orkestra.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resource kinds Orkestra can build, by Katalog key. Immutable; {@link #builtIn()} is the set this release ships.
 */
public final class KindHandlers {

    /** Label on every child: {@code managed-by: orkestra}. */
    public static final String MANAGED_BY = "managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String ORKESTRA = "orkestra";
    /** Label on every child naming its CR: {@code orkestra-owner: <cr-name>}. */
    public static final String OWNER = "orkestra-owner";

    private final Map<String, KindHandler> byKey;

    private KindHandlers(Map<String, KindHandler> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /** The built-in kinds. */
    public static KindHandlers builtIn() {
        return of(BuiltInKinds.all());
    }

    /** A set of handlers (a handler's key must be unique). */
    public static KindHandlers of(Collection<? extends KindHandler> handlers) {
        Map<String, KindHandler> map = new LinkedHashMap<>();
        for (KindHandler h : handlers) {
            if (map.putIfAbsent(h.key(), h) != null) {
                throw new IllegalArgumentException("two handlers for kind key " + h.key());
            }
        }
        return new KindHandlers(map);
    }

    /** The handler for a Katalog key ({@code deployments}); {@code configmaps} finds {@code configMaps}. */
    public Optional<KindHandler> forKey(String key) {
        KindHandler h = byKey.get(key);
        if (h == null) {
            for (KindHandler candidate : byKey.values()) {
                if (candidate.key().equalsIgnoreCase(key)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.ofNullable(h);
    }

    /** Every handler, in registration order. */
    public Collection<KindHandler> all() {
        return byKey.values();
    }
}
