package io.orkspace.orkestra.registry;

/**
 * A rendered entry that cannot become an object: a field of the wrong type, a value out of range, a required field
 * that rendered empty. The message names the field ({@code replicas: expected an integer, got "three"}); the caller
 * adds the Katalog location. No stack trace: it is a user error.
 */
public final class InvalidEntryException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidEntryException(String message) {
        super(message, null, false, false);
    }
}
