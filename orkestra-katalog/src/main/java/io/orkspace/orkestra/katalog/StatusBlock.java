package io.orkspace.orkestra.katalog;

import java.util.List;

/**
 * {@code operatorBox.status}: whether the Ready condition and observedGeneration are written, and declared fields.
 */
public record StatusBlock(boolean conditions, List<Field> fields) {

    public static final StatusBlock DEFAULTS = new StatusBlock(true, List.of());

    public StatusBlock {
        fields = List.copyOf(fields);
    }

    /**
     * One declared status field.
     *
     * @param path         dot path under {@code status}
     * @param value        the value template
     * @param type         cast before writing: string, int, float, bool or auto
     * @param conditions   gate
     * @param clearOnFalse write "" when the gate turns false
     * @param location     where it was written
     */
    public record Field(String path, ValueTemplate value, String type, Conditions conditions, boolean clearOnFalse,
                        Location location) {
    }
}
