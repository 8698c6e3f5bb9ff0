package io.orkspace.orkestra.bench;

import io.orkspace.orkestra.katalog.template.Template;
import io.orkspace.orkestra.katalog.template.TemplateData;
import io.orkspace.orkestra.katalog.template.TemplateEngine;
import io.orkspace.orkestra.katalog.template.TemplateRenderException;
import io.orkspace.orkestra.katalog.template.TemplateSyntaxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rendering the templates of a typical Deployment entry (name, image, replicas, port, labels, env, resources) for one
 * CR: with the templates compiled once (what the engine does: compiled when the Katalog loads) and, side by side in
 * the same run, compiling every template on every call (what a naive implementation would do per reconcile).
 *
 * <p>Run: {@code java -jar orkestra-bench/target/benchmarks.jar TemplateRenderBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TemplateRenderBenchmark {

    /** The field templates of a typical Deployment entry, as a platform engineer writes them. */
    static final List<String> DEPLOYMENT_ENTRY = List.of(
            "{{ .metadata.name }}-deployment",
            "{{ .spec.image }}",
            "{{ .spec.replicas | default 1 }}",
            "{{ .spec.port | default 8080 }}",
            "{{ .metadata.name }}",
            "{{ .spec.tier | default \"standard\" | lower }}",
            "{{ if .spec.debug }}debug{{ else }}info{{ end }}",
            "{{ .spec.resources.cpu | default \"100m\" }}",
            "{{ .spec.resources.memory | default \"128Mi\" }}",
            "{{ printf \"%s.%s.svc\" .metadata.name .metadata.namespace }}");

    private final TemplateEngine engine = new TemplateEngine();
    private Template[] compiled;
    private Map<String, Object> data;

    @Setup
    public void setup() throws TemplateSyntaxException {
        compiled = new Template[DEPLOYMENT_ENTRY.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = engine.compile(DEPLOYMENT_ENTRY.get(i));
        }
        data = TemplateData.of(Map.of(
                "apiVersion", "demo.orkestra.io/v1alpha1", "kind", "Website",
                "metadata", Map.of("name", "blog", "namespace", "web", "uid", "0b8f4c52-8d1e-4d8e-9d1c-5d2b3c6c1a10"),
                "spec", Map.of("image", "nginx:1.27", "replicas", 3, "port", 8080, "tier", "Gold",
                        "resources", Map.of("cpu", "500m", "memory", "256Mi"))));
    }

    @Benchmark
    public void compiled(Blackhole bh) throws TemplateRenderException {
        for (Template t : compiled) {
            bh.consume(t.evaluate(data));
        }
    }

    @Benchmark
    public void compileEachCall(Blackhole bh) throws TemplateRenderException, TemplateSyntaxException {
        for (String source : DEPLOYMENT_ENTRY) {
            bh.consume(engine.compileUncached(source).evaluate(data));
        }
    }
}
