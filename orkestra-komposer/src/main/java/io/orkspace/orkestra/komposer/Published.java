package io.orkspace.orkestra.komposer;

import java.util.List;

/**
 * A Katalog pushed to an OCI registry.
 *
 * @param reference where it was pushed, {@code oci://host/repository:tag}
 * @param digest    the manifest digest: import {@code reference@digest} to pin exactly this artifact
 * @param files     the files in the artifact, by their names in it ({@code katalog.yaml} first)
 */
public record Published(String reference, String digest, List<String> files) {

    public Published {
        files = List.copyOf(files);
    }
}
