package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.katalog.Location;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Komposer file as written: its imports in resolution order (registry, then files, then Helm, as the reference
 * resolves them) and its inline {@code spec.crds} block. The file has passed the loader's schema check before this
 * reads it, so shapes are known to be right.
 */
public record KomposerDocument(Path file, YamlNode.MapNode root, List<Import> imports, YamlNode.MapNode overrides) {

    /** Credentials of one source, read from environment variables ({@code auth:} of an import). */
    public record Auth(String type, String fromEnv, String usernameFromEnv, String passwordFromEnv) {
    }

    /** One entry of {@code imports.*}. */
    public sealed interface Import permits FileImport, RegistryImport, HelmImport {
        /** {@code imports.files[0]}: the field path, for messages. */
        String field();

        /** Where the entry is written. */
        Location location();

        Auth auth();
    }

    public record FileImport(String url, Auth auth, String field, Location location) implements Import {
    }

    public record RegistryImport(String url, String version, boolean oci, Auth auth, String field, Location location) implements Import {
    }

    public record HelmImport(String repo, String chart, String version, String path, Auth auth, String field, Location location)
            implements Import {
    }

    public static KomposerDocument read(YamlNode.MapNode root, Path file) {
        List<Import> imports = new ArrayList<>();
        YamlNode.MapNode in = root.map("imports");
        if (in != null) {
            int i = 0;
            for (YamlNode n : in.list("registry")) {
                String field = "imports.registry[" + i++ + "]";
                if (n instanceof YamlNode.MapNode m) {
                    imports.add(new RegistryImport(m.string("url"), m.string("version"), bool(m, "oci"), auth(m), field, n.location()));
                } else {
                    imports.add(new RegistryImport(text(n), null, false, null, field, n.location()));
                }
            }
            i = 0;
            for (YamlNode n : in.list("files")) {
                String field = "imports.files[" + i++ + "]";
                if (n instanceof YamlNode.MapNode m) {
                    imports.add(new FileImport(m.string("url"), auth(m), field, n.location()));
                } else {
                    imports.add(new FileImport(text(n), null, field, n.location()));
                }
            }
            i = 0;
            for (YamlNode n : in.list("helm")) {
                String field = "imports.helm[" + i++ + "]";
                if (n instanceof YamlNode.MapNode m) {
                    imports.add(new HelmImport(m.string("repo"), m.string("chart"), text(m.get("version")), m.string("path"), auth(m),
                            field, n.location()));
                }
            }
        }
        YamlNode.MapNode spec = root.map("spec");
        YamlNode.MapNode overrides = spec == null ? null : spec.map("crds");
        return new KomposerDocument(file, root, imports, overrides == null ? new YamlNode.MapNode(root.location()) : overrides);
    }

    private static Auth auth(YamlNode.MapNode m) {
        YamlNode.MapNode a = m.map("auth");
        return a == null ? null : new Auth(a.string("type"), a.string("fromEnv"), a.string("usernameFromEnv"), a.string("passwordFromEnv"));
    }

    private static boolean bool(YamlNode.MapNode m, String key) {
        return m.get(key) instanceof YamlNode.ScalarNode s && Boolean.TRUE.equals(s.value());
    }

    /** A scalar as text: {@code version: 2.1} is written as a number but meant as a string. */
    private static String text(YamlNode n) {
        return n instanceof YamlNode.ScalarNode s && s.value() != null ? String.valueOf(s.value()) : null;
    }
}
