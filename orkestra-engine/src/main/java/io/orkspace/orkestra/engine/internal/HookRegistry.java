package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.HookRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The hooks an engine knows: registered programmatically, and found with {@link ServiceLoader} on a class loader.
 * A hook answers to its {@link Hook#name()}, its fully qualified class name and its simple class name.
 */
public final class HookRegistry {

    private final Map<String, Hook> byName = new LinkedHashMap<>();
    private final List<Hook> hooks = new ArrayList<>();

    /** Registered hooks first (they win on a name clash), then the ServiceLoader ones of {@code loader} (may be null). */
    public static HookRegistry of(Collection<Hook> registered, ClassLoader loader) {
        HookRegistry r = new HookRegistry();
        registered.forEach(r::add);
        if (loader != null) {
            for (Hook h : ServiceLoader.load(Hook.class, loader)) {
                r.add(h);
            }
        }
        return r;
    }

    private void add(Hook hook) {
        hooks.add(hook);
        byName.putIfAbsent(hook.name(), hook);
        byName.putIfAbsent(hook.getClass().getName(), hook);
        byName.putIfAbsent(hook.getClass().getSimpleName(), hook);
    }

    public Optional<Hook> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names a Katalog can use, for messages. */
    public String available() {
        TreeSet<String> names = new TreeSet<>();
        hooks.forEach(h -> names.add(h.name()));
        return names.isEmpty() ? "none (put hook jars in --hooks DIR or ORKESTRA_HOOKS_DIR, or register them with Orkestra.builder().hook(...))"
                : String.join(", ", names);
    }

    /**
     * Checks that every hook and constructor a CRD entry names exists; the message lists each missing one with its
     * Katalog location and the hooks that are available.
     */
    public void requireAll(List<CrdEntry> crds) {
        List<String> missing = new ArrayList<>();
        for (CrdEntry crd : crds) {
            crd.operatorBox().reconciler().hooks().ifPresent(h -> check(crd, "hooks", h, missing));
            crd.operatorBox().reconciler().constructor().ifPresent(h -> check(crd, "constructor", h, missing));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join("\n", missing) + "\navailable hooks: " + available());
        }
    }

    private void check(CrdEntry crd, String what, HookRef ref, List<String> missing) {
        if (find(ref.function()).isEmpty()) {
            missing.add(ref.location() + ": spec.crds." + crd.name() + ".operatorBox.reconciler." + what + ".function: no hook named \""
                    + ref.function() + "\"");
        }
    }
}
