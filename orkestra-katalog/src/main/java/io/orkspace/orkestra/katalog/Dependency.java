package io.orkspace.orkestra.katalog;

/**
 * One {@code dependsOn} edge: this CRD entry starts only once {@code crd} is started (or healthy).
 *
 * @param crd       the name of the CRD entry depended on
 * @param condition what "ready" means for it
 * @param location  where it was written
 */
public record Dependency(String crd, When condition, Location location) {

    /** {@code started}: the dependency's operator is running; {@code healthy}: running with no failures. */
    public enum When { STARTED, HEALTHY }
}
