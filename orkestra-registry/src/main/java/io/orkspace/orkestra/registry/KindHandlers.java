package io.orkspace.orkestra.registry;

import io.orkspace.orkestra.katalog.ResourceEntry;
import io.orkspace.orkestra.katalog.ValueTemplate;

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

    /** Katalog key of the generic kind: any apiVersion and kind, given by each entry. */
    public static final String CUSTOM = "custom";

    /** The built-in kinds; a custom entry's kind is namespaced unless it says otherwise. */
    public static KindHandlers builtIn() {
        return builtIn(KindScopes.UNKNOWN);
    }

    /** The built-in kinds; a custom entry's scope is looked up in {@code scopes} unless the entry says it. */
    public static KindHandlers builtIn(KindScopes scopes) {
        return of(BuiltInKinds.all(scopes));
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

    /**
     * The apiVersion and kind an entry builds, or empty when no handler knows its key. For a {@code custom} entry they
     * are its own {@code apiVersion} and {@code kind} (the loader requires them written out, not templated).
     */
    public Optional<ChildKind> kindOf(ResourceEntry entry) {
        Optional<KindHandler> handler = forKey(entry.kind());
        if (handler.isEmpty()) {
            return Optional.empty();
        }
        if (CUSTOM.equals(handler.get().key())) {
            Object apiVersion = literal(entry.fields().get("apiVersion"));
            Object kind = literal(entry.fields().get("kind"));
            return apiVersion == null || kind == null ? Optional.empty()
                    : Optional.of(new ChildKind(String.valueOf(apiVersion).trim(), String.valueOf(kind).trim(), null));
        }
        KindHandler h = handler.get();
        return Optional.of(new ChildKind(h.apiVersion(), h.kind(), h.plural()));
    }

    private static Object literal(ValueTemplate t) {
        return t instanceof ValueTemplate.Literal l ? l.value() : null;
    }

    /** Every handler, in registration order. */
    public Collection<KindHandler> all() {
        return byKey.values();
    }
}
