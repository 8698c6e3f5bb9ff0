package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookArgs;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.api.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls hooks on a thread pool of their own, with a timeout, and turns every way a hook can fail (an exception, an
 * error result, a hang) into a {@link HookResult#error}: the reconciler reports it on the CR and retries. A hook
 * that hangs is interrupted and its worker returns; it cannot block the CR's worker, nor other CRs.
 */
final class HookInvoker implements AutoCloseable {

    /** Which callback to call. */
    enum Call { CREATE, RECONCILE, DELETE }

    private final ExecutorService pool;
    private final Duration timeout;
    private final KubernetesClient client;
    private final EventRecorder events;

    HookInvoker(KubernetesClient client, EventRecorder events, Duration timeout) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orkestra-hook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
        this.client = client;
        this.events = events;
    }

    HookResult call(Hook hook, Call call, GenericKubernetesResource cr, Map<String, Object> crMap, Map<String, Object> args) {
        HookContext context = new Context(new ResourceView(crMap), new HookArgsView(args), client, cr, events,
                LoggerFactory.getLogger("orkestra.hook." + hook.name()));
        Future<HookResult> f = pool.submit(() -> switch (call) {
            case CREATE -> hook.create(context);
            case RECONCILE -> hook.reconcile(context);
            case DELETE -> hook.delete(context);
        });
        try {
            HookResult r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return r == null ? HookResult.error("HookFailed", "hook " + hook.name() + " returned null") : r;
        } catch (TimeoutException e) {
            f.cancel(true);
            return HookResult.error("HookTimeout", "hook " + hook.name() + " did not return within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof IllegalArgumentException ? "" : cause.getClass().getSimpleName() + ": ";
            return HookResult.error("HookFailed", "hook " + hook.name() + " failed: " + what + cause.getMessage());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return HookResult.error("HookInterrupted", "the engine is stopping");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private record Context(Resource resource, HookArgs args, KubernetesClient client, GenericKubernetesResource cr,
                           EventRecorder recorder, Logger log) implements HookContext {
        @Override
        public Events events() {
            return new Events() {
                @Override
                public void normal(String reason, String message) {
                    recorder.record(cr, EventRecorder.Type.Normal, reason, message);
                }

                @Override
                public void warning(String reason, String message) {
                    recorder.record(cr, EventRecorder.Type.Warning, reason, message);
                }
            };
        }
    }
}
