package io.orkspace.orkestra.webhook;

/**
 * The webhook server could not be set up: a port already in use, certificate files that cannot be read or do not
 * match. The message is one line naming what failed (a file, an address) and why.
 */
public final class WebhookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WebhookException(String message) {
        super(message, null, false, false);
    }

    public WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
