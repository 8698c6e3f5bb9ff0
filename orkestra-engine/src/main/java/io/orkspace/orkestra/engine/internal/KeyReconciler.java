package io.orkspace.orkestra.engine.internal;

import java.time.Duration;

/** Reconciles one object, named by its key ({@code namespace/name}). Level-based: it reads the current state itself. */
interface KeyReconciler {

    Result reconcile(String key) throws Exception;

    /**
     * What a reconcile asks of the queue.
     *
     * @param requeueAfter reconcile again after this delay (null: only on the next event or resync)
     */
    record Result(Duration requeueAfter) {
        static final Result DONE = new Result(null);

        static Result requeueAfter(Duration d) {
            return new Result(d);
        }
    }

    /** A failure that retrying will not fix (e.g. an invalid template): logged and reported, not retried with backoff. */
    final class TerminalException extends Exception {
        private static final long serialVersionUID = 1L;

        TerminalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
