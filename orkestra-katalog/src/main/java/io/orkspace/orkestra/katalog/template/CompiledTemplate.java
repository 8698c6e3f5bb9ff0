package io.orkspace.orkestra.katalog.template;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Go template compiled onto Pebble: the text template, and for a single action the value-capturing one. */
final class CompiledTemplate implements Template {

    private final String source;
    private final PebbleTemplate text;
    private final List<Object> textConstants;
    private final PebbleTemplate capture;
    private final List<Object> captureConstants;
    private final int maxOutput;

    CompiledTemplate(String source, PebbleTemplate text, List<Object> textConstants, PebbleTemplate capture,
                     List<Object> captureConstants, int maxOutput) {
        this.source = source;
        this.text = text;
        this.textConstants = textConstants;
        this.capture = capture;
        this.captureConstants = captureConstants;
        this.maxOutput = maxOutput;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String render(Map<String, ?> data) throws TemplateRenderException {
        StringWriter out = new StringWriter(Math.min(256, source.length() * 2));
        run(text, textConstants, data, out, null);
        return out.toString();
    }

    @Override
    public Object evaluate(Map<String, ?> data) throws TemplateRenderException {
        if (capture == null) {
            return render(data);
        }
        Object[] holder = new Object[1];
        run(capture, captureConstants, data, new StringWriter(0), holder);
        return Values.export(holder[0]);
    }

    private void run(PebbleTemplate template, List<Object> constants, Map<String, ?> data, StringWriter out, Object[] holder)
            throws TemplateRenderException {
        Map<String, Object> context = new HashMap<>(8);
        context.put(GoExtension.ROOT, data);
        context.put(GoExtension.CONSTANTS, constants);
        context.put(GoExtension.CAPTURE, holder);
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private TemplateRenderException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GoExtension.LocatedFailure f) {
                return new TemplateRenderException(f.getMessage() + where(f.offset));
            }
            if (t instanceof RenderFailure f) {
                return new TemplateRenderException(f.getMessage());
            }
            if (t instanceof PebbleException p && p.getPebbleMessage() != null
                    && p.getPebbleMessage().contains("Tried to write more than")) {
                return new TemplateRenderException("the template's output is larger than " + maxOutput + " characters");
            }
        }
        if (e instanceof PebbleException || e instanceof ClassCastException || e instanceof ArithmeticException) {
            return new TemplateRenderException("cannot render: " + e.getMessage());
        }
        throw e; // a bug of ours, not of the template: let it surface with its stack trace
    }

    /** " (line 3)" when the template spans several lines, nothing otherwise. */
    private String where(int offset) {
        if (source.indexOf('\n') < 0) {
            return "";
        }
        int line = 1;
        for (int i = 0; i < offset && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return " (line " + line + ")";
    }
}
