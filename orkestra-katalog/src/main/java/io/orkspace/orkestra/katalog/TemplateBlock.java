package io.orkspace.orkestra.katalog;

import java.time.Duration;
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
 * @param ordered   {@code onDelete} only: the block's own entries, then each group, run one after the other
 * @param groups    {@code onDelete} only: deletion stages, each a full block
 * @param timeout   {@code onDelete} only: how long the whole ordered sequence may take before it is reported as stuck
 */
public record TemplateBlock(Map<String, List<ResourceEntry>> resources, Conditions when, String name, boolean ordered,
                            List<TemplateBlock> groups, Duration timeout) {

    /** The reference's default for {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final TemplateBlock EMPTY = new TemplateBlock(Map.of(), Conditions.NONE, null);

    public TemplateBlock {
        Map<String, List<ResourceEntry>> copy = new LinkedHashMap<>();
        resources.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        resources = Collections.unmodifiableMap(copy);
        groups = List.copyOf(groups);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** A block without deletion stages. */
    public TemplateBlock(Map<String, List<ResourceEntry>> resources, Conditions when, String name) {
        this(resources, when, name, false, List.of(), DEFAULT_TIMEOUT);
    }

    /** Every entry of the block itself (not of its groups), kinds in the order written. */
    public List<ResourceEntry> entries() {
        List<ResourceEntry> all = new ArrayList<>();
        resources.values().forEach(all::addAll);
        return all;
    }

    /** Every entry of the block and of its groups (ordered deletion), in the order written. */
    public List<ResourceEntry> allEntries() {
        List<ResourceEntry> all = entries();
        groups.forEach(g -> all.addAll(g.allEntries()));
        return all;
    }

    public boolean isEmpty() {
        return resources.values().stream().allMatch(List::isEmpty) && groups.stream().allMatch(TemplateBlock::isEmpty);
    }
}
