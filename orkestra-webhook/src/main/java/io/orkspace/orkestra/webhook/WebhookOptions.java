package io.orkspace.orkestra.webhook;

import java.time.Duration;

/**
 * How the webhook server listens and what it tolerates. One immutable value; {@link #DEFAULTS} holds every default and
 * the {@code with...} methods derive variants.
 *
 * <pre>{@code
 * WebhookOptions options = WebhookOptions.DEFAULTS.withPort(0);   // 0 = any free port (tests)
 * }</pre>
 *
 * @param host              address to bind ({@code 0.0.0.0}: every interface)
 * @param port              TCP port (default {@value #DEFAULT_PORT}); 0 picks a free one, see {@link WebhookServer#port()}
 * @param maxRequestBytes   largest request body accepted (larger: 413); a ConversionReview of a whole list can be big
 * @param requestTimeout    time to receive one request and, separately, to answer it (408 / 503 past it)
 * @param idleTimeout       a keep-alive connection with no traffic for this long is closed
 * @param ioThreads         Netty event-loop threads (0 = one per CPU)
 * @param workerThreads     threads that evaluate reviews, off the event loop (0 = one per CPU, at least 2)
 * @param maxQueuedRequests reviews waiting for a worker beyond which the server answers 503 at once
 * @param inlineMaxBytes    reviews up to this size are answered on the event loop that read them, without a hand-off to
 *                          a worker and back (0: every review on the workers). A small review takes tens of
 *                          microseconds; the hand-off costs about as much CPU again and, on a busy machine, most of the
 *                          latency. The request timeout's 503 applies only on the workers; a route whose review took
 *                          over 2 ms of CPU on the event loop goes to the workers for 10 s
 */
public record WebhookOptions(String host, int port, int maxRequestBytes, Duration requestTimeout, Duration idleTimeout,
                             int ioThreads, int workerThreads, int maxQueuedRequests, int inlineMaxBytes) {

    /** The port the API server is usually pointed at. */
    public static final int DEFAULT_PORT = 9443;

    public static final WebhookOptions DEFAULTS = new WebhookOptions("0.0.0.0", DEFAULT_PORT, 8 * 1024 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(120), 0, 0, 1024, 16 * 1024);

    public WebhookOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (ioThreads < 0 || workerThreads < 0 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("thread counts must be >= 0 and maxQueuedRequests >= 1");
        }
        if (inlineMaxBytes < 0) {
            throw new IllegalArgumentException("inlineMaxBytes must be >= 0, got " + inlineMaxBytes);
        }
    }

    public WebhookOptions withHost(String host) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withPort(int port) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withMaxRequestBytes(int maxRequestBytes) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withRequestTimeout(Duration requestTimeout) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withIdleTimeout(Duration idleTimeout) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withThreads(int ioThreads, int workerThreads) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withMaxQueuedRequests(int maxQueuedRequests) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    public WebhookOptions withInlineMaxBytes(int inlineMaxBytes) {
        return new WebhookOptions(host, port, maxRequestBytes, requestTimeout, idleTimeout, ioThreads, workerThreads, maxQueuedRequests, inlineMaxBytes);
    }

    /** Event-loop threads with 0 resolved. */
    int resolvedIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Worker threads with 0 resolved. */
    int resolvedWorkerThreads() {
        return workerThreads > 0 ? workerThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
