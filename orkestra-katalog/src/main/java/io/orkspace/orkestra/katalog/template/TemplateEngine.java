package io.orkspace.orkestra.katalog.template;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.attributes.methodaccess.BlacklistMethodAccessValidator;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Locale;

/**
 * Compiles Go-template strings (the syntax of the reference's Katalogs) onto Pebble, once: compiled templates are
 * cached by source, so a Katalog's templates are compiled when it loads and every reconcile reuses them.
 *
 * <pre>{@code
 * TemplateEngine engine = new TemplateEngine();
 * Template t = engine.compile("{{ .metadata.name }}-svc");
 * String name = t.render(TemplateData.of(cr));            // "blog-svc"
 * Object replicas = engine.compile("{{ .spec.replicas | default 1 }}").evaluate(TemplateData.of(cr));  // 3
 * }</pre>
 *
 * <p>Sandboxed: a template sees only the data it is given (maps, lists, strings, numbers, booleans) through Go's
 * field syntax; it cannot call Java methods, reach classes, include files or define templates. Output is capped at
 * {@value #MAX_OUTPUT} characters. Thread-safe; one instance per engine is enough.
 */
public final class TemplateEngine {

    /** Largest output a single render may produce, in characters. */
    public static final int MAX_OUTPUT = 1 << 20;

    private static final long CACHE_SIZE = 50_000;

    private final PebbleEngine pebble;
    private final Cache<String, Template> cache;

    public TemplateEngine() {
        this.pebble = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .extension(new GoExtension())
                .autoEscaping(false)
                .newLineTrimming(false)
                .strictVariables(false)
                .cacheActive(false)
                .defaultLocale(Locale.ROOT)
                .maxRenderedSize(MAX_OUTPUT)
                .methodAccessValidator(new BlacklistMethodAccessValidator())
                .build();
        this.cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    }

    /** Whether a string holds template actions ({@code {{ }}}) or is a plain literal. */
    public static boolean isTemplate(String s) {
        return s != null && s.contains("{{");
    }

    /** The compiled template for a source (from the cache after the first call). */
    public Template compile(String source) throws TemplateSyntaxException {
        Template cached = cache.getIfPresent(source);
        if (cached != null) {
            return cached;
        }
        Template compiled = compileUncached(source);
        cache.put(source, compiled);
        return compiled;
    }

    /** Compiles without the cache: what {@link #compile} does on a miss (exposed for benchmarks and tools). */
    public Template compileUncached(String source) throws TemplateSyntaxException {
        List<Ast.Node> nodes = GoParser.parse(source);
        PebbleTranslator.Translation text = PebbleTranslator.translate(source, nodes, false);
        PebbleTranslator.Translation capture = singleAction(nodes) ? PebbleTranslator.translate(source, nodes, true) : null;
        return new CompiledTemplate(source, pebble(text), text.constants(), capture == null ? null : pebble(capture),
                capture == null ? List.of() : capture.constants(), MAX_OUTPUT);
    }

    private PebbleTemplate pebble(PebbleTranslator.Translation t) {
        try {
            return pebble.getTemplate(t.pebble());
        } catch (RuntimeException e) {
            throw new IllegalStateException("generated Pebble source does not compile: " + t.pebble(), e);
        }
    }

    /** One action that prints a value, with nothing but whitespace around it. */
    private static boolean singleAction(List<Ast.Node> nodes) {
        int actions = 0;
        for (Ast.Node n : nodes) {
            if (n instanceof Ast.Action a) {
                if (!a.pipe().declared().isEmpty()) {
                    return false;
                }
                actions++;
            } else if (!(n instanceof Ast.Text t) || !t.text().isBlank()) {
                return false;
            }
        }
        return actions == 1;
    }
}
