package io.orkspace.orkestra.katalog;

import java.util.List;

/** {@code validation}: rules checked at admission (and at reconcile unless {@code fires.reconcile: false}). */
public record Validation(List<Rule> rules) {

    public static final Validation NONE = new Validation(List.of());

    public Validation {
        rules = List.copyOf(rules);
    }

    /**
     * One rule: the object is valid when {@code check} holds (rules apply only when {@code conditions} pass).
     *
     * @param check            field + operator + value
     * @param message          violation message (a template)
     * @param deny             true for {@code action: deny} (default), false for {@code warn}
     * @param conditions       when the rule applies
     * @param firesOnReconcile also checked at reconcile time
     * @param location         where it was written
     */
    public record Rule(Condition check, ValueTemplate message, boolean deny, Conditions conditions, boolean firesOnReconcile,
                       Location location) {
    }
}
