package io.orkspace.orkestra.komposer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The on-disk cache: content addressed by sha256 digest, written to a temporary sibling first and moved into place,
 * so a half-written entry is never seen and two processes filling the same entry do not clash.
 */
public final class ContentStore {

    private final Path root;

    public ContentStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <root>/<area>/sha256/<hex>}: where the entry for a digest lives (may not exist). */
    public Path entry(String area, String digest) {
        int colon = digest.indexOf(':');
        return root.resolve(area).resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    /** Fills a directory entry through {@code writer}, unless it is there already; returns it. */
    public Path directory(String area, String digest, DirectoryWriter writer) throws SourceException {
        Path target = entry(area, digest);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), ".partial-");
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new SourceException("cannot write the cache under " + root + ": " + e.getMessage());
        } finally {
            if (tmp != null && Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** Writes {@code data} to {@code file} through a temporary sibling. */
    public static void writeAtomically(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".partial-", ".tmp");
        try {
            Files.write(tmp, data);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary directory is harmless
        }
    }

    /** Writes the content of a cache directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path dir) throws IOException, SourceException;
    }

    /** A relative path from an archive or a layer title, refused when it would escape the directory it is written to. */
    public static Path safeChild(Path dir, String name) throws SourceException {
        Path p = dir.resolve(name).normalize();
        if (name.isEmpty() || Path.of(name).isAbsolute() || !p.startsWith(dir) || p.equals(dir)) {
            throw new SourceException("refusing the file name \"" + name + "\": it points outside the artifact");
        }
        return p;
    }
}
