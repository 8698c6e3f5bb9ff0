package io.orkspace.orkestra.katalog;

import java.util.List;

/**
 * {@code conversion}: declarative conversion between the versions of a CRD.
 *
 * @param storageVersion  the hub/storage version
 * @param updateCRD       patch the CRD's {@code spec.conversion} (webhook client config and caBundle) at start
 * @param participant     counted as a conversion participant without paths
 * @param paths           one template per direction
 * @param acknowledgeLoss fields whose loss in a round trip is accepted by {@code orkestra convert --check}
 */
public record Conversion(String storageVersion, boolean updateCRD, boolean participant, List<VersionPath> paths,
                         List<String> acknowledgeLoss) {

    public Conversion {
        paths = List.copyOf(paths);
        acknowledgeLoss = List.copyOf(acknowledgeLoss);
    }

    /** A conversion from one version to another: the output {@code spec} as a template tree over the input object. */
    public record VersionPath(String from, String to, ValueTemplate spec, Location location) {
    }
}
