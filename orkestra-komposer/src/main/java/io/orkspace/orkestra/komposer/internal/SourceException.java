package io.orkspace.orkestra.komposer.internal;

/**
 * A source could not be fetched or read. The message says what went wrong in the source's terms ("tag v9 not found",
 * "digest mismatch"); the resolver prefixes it with the import's location and name, so the user gets one line.
 */
public final class SourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
