package io.orkspace.orkestra.api;

/**
 * Java code called by the engine for a custom resource, where templates cannot express what to do: call an external
 * service, compute a value, create objects with logic. Named in a Katalog by
 * {@code operatorBox.reconciler.hooks.function} (extra work around the declarative reconcile) or
 * {@code operatorBox.reconciler.constructor.function} with {@code reconciler.default: false} (the whole reconcile).
 *
 * <p>Found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.orkspace.orkestra.api.Hook} and put the jar in the launcher's {@code --hooks} folder)
 * or registered with {@code Orkestra.builder().hook(...)} when embedding.
 *
 * <p>The engine calls a hook from its worker threads, never twice at once for the same CR, but concurrently for
 * different CRs: keep a hook stateless or thread-safe. A hook that throws, returns {@link HookResult#error} or runs
 * past its timeout makes the CR {@code Ready=False} with the reason, records a Warning Event and is retried with
 * backoff; other CRs are not affected.
 *
 * <pre>{@code
 * public final class DnsRecordHook implements Hook {
 *     public String name() { return "dns-record"; }
 *
 *     public HookResult reconcile(HookContext ctx) throws Exception {
 *         String zone = ctx.args().string("zone");
 *         String id = dns.upsert(zone, ctx.resource().name());
 *         return HookResult.done().withStatus("dnsRecordId", id);
 *     }
 *
 *     public HookResult delete(HookContext ctx) throws Exception {
 *         dns.remove(ctx.args().string("zone"), ctx.resource().name());
 *         return HookResult.done();
 *     }
 * }
 * }</pre>
 */
public interface Hook {

    /**
     * The name a Katalog uses in {@code function}. Defaults to the fully qualified class name; the simple class name
     * is accepted too.
     */
    default String name() {
        return getClass().getName();
    }

    /**
     * Called on the first reconcile of a CR (it has no status yet). Defaults to {@link #reconcile}.
     */
    default HookResult create(HookContext context) throws Exception {
        return reconcile(context);
    }

    /** Called on every reconcile of a CR: after a change, a child's change, or a periodic resync. */
    default HookResult reconcile(HookContext context) throws Exception {
        return HookResult.done();
    }

    /**
     * Called once when the CR is being deleted, before its finalizer is removed (the engine adds the finalizer when a
     * CRD entry has hooks). Until this returns {@link HookResult#done()}, the CR stays.
     */
    default HookResult delete(HookContext context) throws Exception {
        return HookResult.done();
    }
}
