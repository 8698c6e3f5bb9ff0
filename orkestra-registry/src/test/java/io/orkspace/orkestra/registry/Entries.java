package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rendered entries and owners for handler tests: what the renderer hands a handler. */
final class Entries {

    /** A namespaced CR, as in ../shared/katalogs/website. */
    static final Owner WEBSITE = new Owner("demo.orkestra.io/v1alpha1", "Website", "blog", "default",
            "6f1c2a7e-1d2b-4c3d-9e8f-0a1b2c3d4e5f", true);

    /** A cluster-scoped CR. */
    static final Owner TENANT = new Owner("platform.orkestra.io/v1", "Tenant", "acme", null,
            "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a", false);

    private static final KindHandlers HANDLERS = KindHandlers.builtIn();

    private Entries() {
    }

    /** A fields map from key/value pairs, in order. */
    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static KindHandler handler(String key) {
        return HANDLERS.forKey(key).orElseThrow(() -> new AssertionError("no handler for " + key));
    }

    /** Builds an entry of kind {@code key} owned by {@link #WEBSITE}. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T build(String key, Map<String, Object> fields) throws InvalidEntryException {
        return (T) handler(key).build(fields, WEBSITE);
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T build(String key, Map<String, Object> fields, Owner owner) throws InvalidEntryException {
        return (T) handler(key).build(fields, owner);
    }
}
