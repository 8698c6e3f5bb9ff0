package io.orkspace.orkestra.engine.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.orkspace.orkestra.katalog.RenderException;
import io.orkspace.orkestra.katalog.StatusBlock;
import io.orkspace.orkestra.katalog.template.TemplateData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code status.fields} of an operatorBox, rendered over the CR and its live children: templates see the CR as
 * usual plus {@code .children.<kind>} (the first child of that kind, in declaration order, as the API server has it:
 * {@code .children.deployment.status.readyReplicas}) and {@code .children.byName} (every child by object name). A
 * field whose {@code when}/{@code or} fails is left as it is, or set to "" with {@code clearOnFalse}; a value that
 * renders empty (or does not convert to an int, float or bool field) is left out.
 */
final class DeclaredStatus {

    private DeclaredStatus() {
    }

    /** The declared fields as a nested map to merge into {@code status}; empty when none are declared. */
    static Map<String, Object> render(StatusBlock block, Map<String, Object> cr, List<GenericKubernetesResource> children)
            throws RenderException {
        if (block.fields().isEmpty()) {
            return Map.of();
        }
        Map<String, Object> data = TemplateData.of(cr, Map.of("children", childrenData(children)));
        Map<String, Object> status = new LinkedHashMap<>();
        for (StatusBlock.Field field : block.fields()) {
            if (!field.conditions().test(data)) {
                if (field.clearOnFalse()) {
                    put(status, field.path(), "");
                }
                continue;
            }
            Object value = convert(field.value().render(data), field.type());
            if (value != null) {
                put(status, field.path(), value);
            }
        }
        return status;
    }

    private static Map<String, Object> childrenData(List<GenericKubernetesResource> children) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        Map<String, Object> byName = new LinkedHashMap<>();
        for (GenericKubernetesResource child : children) {
            Map<String, Object> object = DeclarativeReconciler.asMap(child);
            String kind = child.getKind();
            byKind.putIfAbsent(Character.toLowerCase(kind.charAt(0)) + kind.substring(1), object);
            byName.putIfAbsent(child.getMetadata().getName(), object);
        }
        byKind.put("byName", byName);
        return byKind;
    }

    private static Object convert(Object value, String type) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            return type.startsWith("str") ? "" : null;
        }
        String text = value instanceof Double d && d == Math.rint(d) && !d.isInfinite() ? String.valueOf(d.longValue())
                : String.valueOf(value);
        try {
            switch (type) {
                case "int":
                case "integer":
                    return value instanceof Number n ? n.longValue() : Long.parseLong(text.trim());
                case "float":
                    return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text.trim());
                case "bool":
                case "boolean":
                    return value instanceof Boolean b ? b : Boolean.parseBoolean(text.trim());
                case "auto":
                    return value;
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            return null; // not (yet) a number: left out rather than failing the reconcile
        }
    }

    /** Sets {@code a.b.c} in a nested map. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        cur.put(parts[parts.length - 1], value);
    }
}
