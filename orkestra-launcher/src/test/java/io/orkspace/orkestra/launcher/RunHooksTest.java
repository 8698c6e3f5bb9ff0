package io.orkspace.orkestra.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.api.Hook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code orkestra run --hooks DIR}: hooks packaged in jars, found through META-INF/services. */
class RunHooksTest {

    private static final String HOOK_SOURCE = """
            package acme.hooks;

            import io.orkspace.orkestra.api.Hook;
            import io.orkspace.orkestra.api.HookContext;
            import io.orkspace.orkestra.api.HookResult;

            public final class StampHook implements Hook {
                @Override
                public String name() {
                    return "stamp";
                }

                @Override
                public HookResult reconcile(HookContext context) {
                    return HookResult.done().withStatus("stamp", context.args().string("word") + " " + context.resource().name());
                }
            }
            """;

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: stamps}
            spec:
              crds:
                stamp:
                  crFiles: [./cr.yaml]
                  apiTypes: {group: demo.orkestra.io, version: v1, kind: Stamp, plural: stamps}
                  operatorBox:
                    reconciler:
                      hooks:
                        function: stamp
                        args: {word: "{{ .spec.word }}"}
            """;

    private static final String CR = """
            apiVersion: demo.orkestra.io/v1
            kind: Stamp
            metadata: {name: first, namespace: default}
            spec: {word: hello}
            """;

    @Test
    void aHookInAJarOfTheHooksFolderRunsAndTheCrConverges(@TempDir Path dir) throws Exception {
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        buildHookJar(dir.resolve("build"), hooks.resolve("stamp-hook.jar"));
        Path katalog = writeKatalog(dir);

        CliTest.Outcome o = CliTest.orkestra("run", katalog.toString(), "--embedded", "--hooks", hooks.toString(),
                "--exit-when-converged", "--timeout", "30s");

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("Converged: all 1 custom resource(s) are Ready.");
    }

    @Test
    void withoutTheHooksFolderTheRunFailsAtStartNamingTheMissingHook(@TempDir Path dir) throws Exception {
        Path katalog = writeKatalog(dir);

        CliTest.Outcome o = CliTest.orkestra("run", katalog.toString(), "--embedded", "--exit-when-converged", "--timeout", "30s");

        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("spec.crds.stamp.operatorBox.reconciler.hooks.function: no hook named \"stamp\"",
                "available hooks: none");
    }

    @Test
    void aHooksFolderThatDoesNotExistIsAUsageError(@TempDir Path dir) throws Exception {
        Path katalog = writeKatalog(dir);

        CliTest.Outcome o = CliTest.orkestra("run", katalog.toString(), "--embedded", "--hooks", dir.resolve("nowhere").toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("orkestra run: --hooks: ", "nowhere is not a directory");
        assertThat(o.out()).doesNotContain("Embedded Kubernetes API server");
    }

    @Test
    void theHooksFolderDefaultsToTheEnvironmentVariable(@TempDir Path dir) throws Exception {
        Path katalog = writeKatalog(dir);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", katalog.toString(), "--embedded")
                .redirectErrorStream(true);
        pb.environment().put("ORKESTRA_HOOKS_DIR", dir.resolve("from-env").toString());

        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(output).isEqualTo(2);
        assertThat(output).contains("orkestra run: --hooks: ", "from-env is not a directory");
    }

    private static Path writeKatalog(Path dir) throws Exception {
        Files.writeString(dir.resolve("cr.yaml"), CR);
        return Files.writeString(dir.resolve("katalog.yaml"), KATALOG);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@link #HOOK_SOURCE} against orkestra-api and packs it with its META-INF/services entry. */
    private static void buildHookJar(Path build, Path jar) throws Exception {
        Path source = build.resolve("src/acme/hooks/StampHook.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, HOOK_SOURCE);
        Path classes = Files.createDirectories(build.resolve("classes"));
        String classpath = Stream.of(Hook.class, KubernetesClient.class, Logger.class)
                .map(RunHooksTest::location)
                .collect(Collectors.joining(java.io.File.pathSeparator));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-classpath", classpath, "-d", classes.toString(),
                source.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + Hook.class.getName()));
            out.write("acme.hooks.StampHook\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("acme/hooks/StampHook.class"));
            out.write(Files.readAllBytes(classes.resolve("acme/hooks/StampHook.class")));
            out.closeEntry();
        }
    }
}
