package io.orkspace.orkestra.katalog;

/**
 * One error found in a Katalog: where, which field, and what is wrong.
 *
 * @param location where the offending value was written
 * @param path     the field path as written, e.g. {@code spec.crds.website.operatorBox.onCreate.deployments[0].replicas}
 * @param message  what is wrong, in words a platform engineer can act on
 */
public record Problem(Location location, String path, String message) {

    /** {@code katalog.yaml:14:9: spec.crds.website...replicas: expected an integer, got "three"}. */
    @Override
    public String toString() {
        return location + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
