package io.orkspace.orkestra.webhook;

/**
 * One object could not be converted: no declared path between its version and the one asked for, a template that
 * failed, an object without a usable {@code apiVersion}. The message is one line a platform engineer can act on, and
 * names the Katalog location when a template is at fault.
 */
public final class ConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConversionException(String message) {
        super(message, null, false, false);
    }
}
