package io.orkspace.orkestra.komposer;

import io.orkspace.orkestra.katalog.Location;

import java.util.List;

/**
 * Where one CRD entry of a resolved Katalog came from.
 *
 * @param crd           the CRD entry's name
 * @param source        the source that defined it, e.g. {@code file ../website/katalog.yaml},
 *                      {@code oci://registry.example/team/website:v1 (sha256:…)}; {@code null} when only the inline block defines it
 * @param importedAt    where that import is written in the Komposer ({@code null} for a plain Katalog or an inline-only entry)
 * @param alsoDefinedBy other imports that defined the same entry, superseded because the inline block settles the conflict
 * @param overriddenAt  where the Komposer's inline {@code spec.crds} block overrides or defines it, {@code null} when it does not
 */
public record EntrySource(String crd, String source, Location importedAt, List<String> alsoDefinedBy, Location overriddenAt) {

    public EntrySource {
        alsoDefinedBy = List.copyOf(alsoDefinedBy);
    }

    /** One line for people: {@code from file ../website/katalog.yaml (komposer.yaml:7:7), overridden at komposer.yaml:10:5}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (source == null) {
            out.append("defined inline at ").append(overriddenAt);
            return out.toString();
        }
        out.append("from ").append(source);
        if (importedAt != null) {
            out.append(" (").append(importedAt).append(')');
        }
        if (!alsoDefinedBy.isEmpty()) {
            out.append(", replacing ").append(String.join(", ", alsoDefinedBy));
        }
        if (overriddenAt != null) {
            out.append(", overridden at ").append(overriddenAt);
        }
        return out.toString();
    }
}
