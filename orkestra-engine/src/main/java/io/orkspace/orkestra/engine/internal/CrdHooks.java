package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.HookRef;
import io.orkspace.orkestra.katalog.RenderException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java code of one CRD entry: its {@code reconciler.hooks} hook (around the declarative reconcile), or its
 * {@code reconciler.constructor} (the whole reconcile, with {@code default: false}), resolved in the registry.
 *
 * @param ref         the Katalog reference in use (null when the entry has no Java code)
 * @param hook        the hook run around the templates, or null
 * @param constructor the custom reconciler, or null
 * @param invoker     calls them with a timeout
 */
record CrdHooks(HookRef ref, Hook hook, Hook constructor, HookInvoker invoker) {

    static CrdHooks of(CrdEntry crd, HookRegistry registry, HookInvoker invoker) {
        if (!crd.operatorBox().defaultReconciler()) {
            HookRef c = crd.operatorBox().reconciler().constructor().orElseThrow(() -> new IllegalStateException(
                    "spec.crds." + crd.name() + ".operatorBox.reconciler: default: false needs a constructor (the Java reconciler to run)"));
            return new CrdHooks(c, null, registry.find(c.function()).orElseThrow(), invoker);
        }
        return crd.operatorBox().reconciler().hooks()
                .map(h -> new CrdHooks(h, registry.find(h.function()).orElseThrow(), null, invoker))
                .orElse(new CrdHooks(null, null, null, invoker));
    }

    /** The hook's args rendered against the CR's template data. */
    @SuppressWarnings("unchecked")
    Map<String, Object> args(Map<String, Object> data) throws RenderException {
        if (ref == null) {
            return Map.of();
        }
        Object rendered = ref.args().render(data);
        return rendered instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : Map.of();
    }
}
