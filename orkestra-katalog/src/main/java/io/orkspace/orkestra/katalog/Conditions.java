package io.orkspace.orkestra.katalog;

import java.util.List;
import java.util.Map;

/**
 * A {@code when:} list (all must hold) and an {@code or:} list (at least one must hold); when both are given, both must pass.
 * Empty lists impose nothing.
 */
public record Conditions(List<Condition> when, List<Condition> or) {

    /** No conditions: always true. */
    public static final Conditions NONE = new Conditions(List.of(), List.of());

    public Conditions {
        when = List.copyOf(when);
        or = List.copyOf(or);
    }

    public boolean isEmpty() {
        return when.isEmpty() && or.isEmpty();
    }

    public boolean test(Map<String, ?> data) throws RenderException {
        for (Condition c : when) {
            if (!c.test(data)) {
                return false;
            }
        }
        if (or.isEmpty()) {
            return true;
        }
        for (Condition c : or) {
            if (c.test(data)) {
                return true;
            }
        }
        return false;
    }
}
