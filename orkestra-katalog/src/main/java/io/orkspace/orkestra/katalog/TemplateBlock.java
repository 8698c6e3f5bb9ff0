package io.orkspace.orkestra.katalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lifecycle block ({@code onCreate}, {@code onReconcile}, {@code onDelete}): resource entries by kind key, and
 * block-level conditions.
 *
 * @param resources entries by canonical kind key ({@code deployments}, {@code services}, {@code configMaps}...), in the order written
 * @param when      block-level conditions
 * @param name      a label for logs and events, may be null
 */
public record TemplateBlock(Map<String, List<ResourceEntry>> resources, Conditions when, String name) {

    public static final TemplateBlock EMPTY = new TemplateBlock(Map.of(), Conditions.NONE, null);

    public TemplateBlock {
        Map<String, List<ResourceEntry>> copy = new LinkedHashMap<>();
        resources.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        resources = Collections.unmodifiableMap(copy);
    }

    /** Every entry, kinds in the order written. */
    public List<ResourceEntry> entries() {
        List<ResourceEntry> all = new ArrayList<>();
        resources.values().forEach(all::addAll);
        return all;
    }

    public boolean isEmpty() {
        return resources.values().stream().allMatch(List::isEmpty);
    }
}
