package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.KindHandler;
import io.orkspace.orkestra.registry.Owner;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every built-in kind shares: its identity, the check that an entry holds only fields the kind knows, and the
 * common metadata. A subclass turns the entry's own fields into the object.
 */
abstract class AbstractKindHandler implements KindHandler {

    /** Fields every kind accepts: set by the renderer ({@code name}, {@code namespace}) or shared metadata. */
    private static final Set<String> COMMON_FIELDS = Set.of("name", "namespace", "labels", "annotations");

    private final String key;
    private final String apiVersion;
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final String defaultName;
    private final Set<String> fields;

    /**
     * @param defaultName Go template of the name when the entry sets none, or null when the entry must name it
     * @param ownFields   the kind's fields besides name, namespace, labels and annotations
     */
    AbstractKindHandler(String key, String apiVersion, String kind, String plural, boolean namespaced, String defaultName,
                        Set<String> ownFields) {
        this.key = key;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
        this.defaultName = defaultName;
        Set<String> all = new TreeSet<>(COMMON_FIELDS);
        all.addAll(ownFields);
        this.fields = Set.copyOf(all);
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final String apiVersion() {
        return apiVersion;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final String plural() {
        return plural;
    }

    @Override
    public final boolean namespaced() {
        return namespaced;
    }

    @Override
    public final String defaultName() {
        return defaultName;
    }

    /** Every field an entry of this kind may hold. */
    final Set<String> fields() {
        return fields;
    }

    @Override
    public final HasMetadata build(Map<String, Object> rendered, Owner owner) throws InvalidEntryException {
        EntryFields f = EntryFields.of(rendered);
        f.allowOnly(fields);
        ObjectMeta meta = ChildMetadata.of(f, owner, namespaced);
        HasMetadata object = build(f, meta, owner);
        // typed models carry their apiVersion and kind; a mismatch is a bug in the handler, not a user error
        if (!apiVersion.equals(object.getApiVersion()) || !kind.equals(object.getKind())) {
            throw new IllegalStateException(this + " built a " + object.getApiVersion() + " " + object.getKind());
        }
        return object;
    }

    /** Builds the object: {@code meta} is complete (name, namespace, labels, annotations, owner reference). */
    abstract HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException;

    @Override
    public String toString() {
        return key + " (" + apiVersion + " " + kind + ")";
    }
}
