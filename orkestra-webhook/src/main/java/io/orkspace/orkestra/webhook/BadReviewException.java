package io.orkspace.orkestra.webhook;

/**
 * A request that is not a review this server can answer: not JSON, the wrong {@code kind}, no {@code request.uid},
 * a route naming an unknown CRD entry. Carries the HTTP status to answer with (400, or 404 for an unknown entry)
 * and a one-line message; the server turns it into a JSON error body.
 */
public final class BadReviewException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public BadReviewException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400 for a malformed review. */
    public static BadReviewException malformed(String message) {
        return new BadReviewException(400, message);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
