package io.orkspace.orkestra.webhook;

/**
 * Told of every review the server answers, for metrics: the route ({@code convert}, {@code validate},
 * {@code mutate}), how long the review took and whether it was well-formed. Called on a worker thread; must be cheap
 * and must not throw.
 */
@FunctionalInterface
public interface WebhookObserver {

    /** Does nothing. */
    WebhookObserver NONE = (route, nanos, ok) -> { };

    /**
     * @param route the route answered
     * @param nanos time spent on the review
     * @param ok    false when the review was malformed (answered 400)
     */
    void reviewed(String route, long nanos, boolean ok);
}
