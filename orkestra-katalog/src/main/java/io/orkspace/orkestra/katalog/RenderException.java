package io.orkspace.orkestra.katalog;

/**
 * A template or value could not be rendered for one custom resource: which field, where it was written, and why.
 * At reconcile time this becomes a status condition, an Event and a retry, never a crash.
 */
public final class RenderException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final String path;
    private final String detail;

    public RenderException(Location location, String path, String detail) {
        super(path + " (" + location + "): " + detail);
        this.location = location;
        this.path = path;
        this.detail = detail;
    }

    public Location location() {
        return location;
    }

    public String path() {
        return path;
    }

    public String detail() {
        return detail;
    }
}
