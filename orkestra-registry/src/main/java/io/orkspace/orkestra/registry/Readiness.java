package io.orkspace.orkestra.registry;

import java.util.Objects;

/**
 * Whether a live child is ready, as its kind judges it ({@link KindHandler#readiness}): what a CR's {@code Ready}
 * condition waits for. {@code detail} says why not, in words stable while the child's status does not change
 * ({@code 1/3 replicas available}), or why it failed ({@code Job has reached the specified backoff limit}); it is
 * empty when ready.
 *
 * @param state  ready, still on its way, or failed for good (a Job out of retries)
 * @param detail why it is not ready, or why it failed; empty when ready
 */
public record Readiness(State state, String detail) {

    /** The three states a child can be in. */
    public enum State {
        /** Ready: nothing to wait for. */
        READY,
        /** Not ready yet, and expected to get there (rolling out, binding, running). */
        WAITING,
        /** Will not get there without a change (a Job that failed). */
        FAILED
    }

    /** Ready. */
    public static final Readiness READY = new Readiness(State.READY, "");

    public Readiness {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    /** Not ready yet, because of {@code detail}. */
    public static Readiness waiting(String detail) {
        return new Readiness(State.WAITING, detail);
    }

    /** Failed, because of {@code detail}. */
    public static Readiness failed(String detail) {
        return new Readiness(State.FAILED, detail);
    }

    public boolean ready() {
        return state == State.READY;
    }
}
