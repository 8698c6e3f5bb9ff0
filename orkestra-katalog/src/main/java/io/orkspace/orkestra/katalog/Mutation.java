package io.orkspace.orkestra.katalog;

import java.util.List;
import java.util.Optional;

/** {@code mutation}: defaults and overrides applied at admission (and at reconcile unless {@code fires.reconcile: false}). */
public record Mutation(boolean mutateFirst, List<Rule> rules) {

    public static final Mutation NONE = new Mutation(false, List.of());

    public Mutation {
        rules = List.copyOf(rules);
    }

    /**
     * One rule.
     *
     * @param field            dot path of the target field
     * @param defaultValue     set only when the field is absent or empty
     * @param override         always set
     * @param valueType        cast: string, int, float or bool (null = as rendered)
     * @param conditions       when the rule applies
     * @param firesOnReconcile also applied at reconcile time
     * @param location         where it was written
     */
    public record Rule(String field, Optional<ValueTemplate> defaultValue, Optional<ValueTemplate> override, String valueType,
                       Conditions conditions, boolean firesOnReconcile, Location location) {
    }
}
