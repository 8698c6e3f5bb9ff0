package io.orkspace.orkestra.katalog.template;

/**
 * A template that parsed but could not be rendered against the given data, with a message meant for the user who
 * wrote it, e.g. {@code b64dec: illegal base64 data} or {@code cannot index a string with "x"}. Templates that span
 * several lines add the line, e.g. {@code printf: missing argument for %s (line 3)}.
 */
public final class TemplateRenderException extends Exception {

    private static final long serialVersionUID = 1L;

    TemplateRenderException(String message) {
        super(message, null, false, false);
    }
}
