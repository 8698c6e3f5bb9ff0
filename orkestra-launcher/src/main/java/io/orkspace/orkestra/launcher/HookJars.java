package io.orkspace.orkestra.launcher;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader of {@code orkestra run --hooks DIR}: every {@code *.jar} directly in DIR, on top of the launcher's
 * own classes, so the engine's {@link java.util.ServiceLoader} finds the hooks they list in
 * {@code META-INF/services/io.orkspace.orkestra.api.Hook}.
 */
final class HookJars {

    private HookJars() {
    }

    /** A loader over the jars of {@code dir}, in name order (a stable order when two jars bring one hook name). */
    static URLClassLoader loader(Path dir, ClassLoader parent) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList()) {
                jars.add(url(jar));
            }
        }
        return new URLClassLoader("orkestra-hooks", jars.toArray(URL[]::new), parent);
    }

    private static URL url(Path jar) {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar + ": " + e.getMessage(), e);
        }
    }
}
