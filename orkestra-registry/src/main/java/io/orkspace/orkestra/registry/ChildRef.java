package io.orkspace.orkestra.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Objects;

/**
 * A child named by another child's {@code dependsOn}: {@code Kind/name} or {@code Kind/namespace/name}, with the
 * kind written as a Kubernetes kind ({@code Job}) or a Katalog key ({@code jobs}), both resolved to the kind.
 *
 * @param kind      the Kubernetes kind, e.g. {@code Job}
 * @param namespace the namespace, or null for "wherever the dependent is"
 * @param name      the object name
 */
public record ChildRef(String kind, String namespace, String name) {

    public ChildRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code Kind/name} or {@code Kind/namespace/name}; null when the text has neither shape. */
    static ChildRef parse(String text, KindHandlers handlers) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            return null;
        }
        String kind = handlers.forKey(parts[0]).map(KindHandler::kind)
                .or(() -> handlers.all().stream().filter(h -> h.kind().equalsIgnoreCase(parts[0])).map(KindHandler::kind).findFirst())
                .orElse(parts[0]);
        return parts.length == 2 ? new ChildRef(kind, null, parts[1]) : new ChildRef(kind, parts[1], parts[2]);
    }

    /** Whether {@code object} is the child this names ({@code dependentNamespace} stands in for an unwritten namespace). */
    public boolean matches(HasMetadata object, String dependentNamespace) {
        String ns = namespace != null ? namespace : dependentNamespace;
        return kind.equalsIgnoreCase(object.getKind()) && name.equals(object.getMetadata().getName())
                && (object.getMetadata().getNamespace() == null || Objects.equals(ns, object.getMetadata().getNamespace()));
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
