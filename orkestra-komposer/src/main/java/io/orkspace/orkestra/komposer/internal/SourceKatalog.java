package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Location;

import java.nio.file.Path;

/**
 * One Katalog fetched from an import, ready to merge.
 *
 * @param label      names the source for people: {@code file ../website/katalog.yaml}, {@code oci://host/repo:tag (sha256:…)}
 * @param importedAt where the import is written in the Komposer
 * @param file       the Katalog on disk (for remote sources, inside the cache); its folder is where its relative paths point
 * @param root       the Katalog's located tree
 */
public record SourceKatalog(String label, Location importedAt, Path file, YamlNode.MapNode root) {
}
