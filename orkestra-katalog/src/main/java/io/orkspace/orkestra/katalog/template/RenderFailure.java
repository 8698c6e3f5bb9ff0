package io.orkspace.orkestra.katalog.template;

/**
 * Thrown by template functions while rendering; becomes a {@link TemplateRenderException} with the same message.
 * Unchecked because it has to cross Pebble's evaluation; no stack trace because it is a user error, not a bug.
 */
final class RenderFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RenderFailure(String message) {
        super(message, null, false, false);
    }
}
