package io.orkspace.orkestra.examples.customreconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.api.Resource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole reconciler of a {@code ShardMap} ({@code reconciler.default: false}): assigns each tenant to a shard with
 * rendezvous hashing and writes the assignment into a ConfigMap that the shards' pods mount.
 *
 * <p>Templates cannot express this. Each tenant goes to the shard with the highest {@code SHA-256(tenant, shard)}.
 * When the number of shards grows from n to n+1, only the tenants that now rank the new shard first move, about
 * 1/(n+1) of them. A modulo hash would move nearly all of them.
 */
public final class ShardAssigner implements Hook {

    /** The field manager of this reconciler's writes (server-side apply). */
    static final String FIELD_MANAGER = "shard-assigner";

    @Override
    public String name() {
        return "shard-assigner";
    }

    @Override
    public HookResult reconcile(HookContext context) {
        Resource cr = context.resource();
        long shards = ((Number) cr.get("spec.shards").orElseThrow(() -> new IllegalArgumentException("spec.shards is required"))).longValue();
        if (shards < 1) {
            return HookResult.error("InvalidShards", "spec.shards must be at least 1, got " + shards);
        }
        List<String> tenants = cr.get("spec.tenants").map(t -> ((List<?>) t).stream().map(String::valueOf).toList()).orElse(List.of());
        String name = context.args().string("configMap");

        Map<String, String> assignment = assign(tenants, (int) shards);
        ConfigMap existing = context.client().configMaps().inNamespace(cr.namespace()).withName(name).get();
        // write only what changed: a resync with nothing new makes no request but this read
        if (existing == null || !Objects.equals(existing.getData(), assignment)) {
            context.client().resource(configMap(cr, name, assignment)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            context.events().normal(existing == null ? "ShardMapCreated" : "ShardMapUpdated",
                    tenants.size() + " tenant(s) over " + shards + " shard(s) in ConfigMap " + name);
        }
        return HookResult.done().withStatus("configMap", name).withStatus("tenants", tenants.size()).withStatus("shards", shards);
    }

    /** Tenant → {@code shard-<i>}, sorted by tenant. */
    public static Map<String, String> assign(List<String> tenants, int shards) {
        Map<String, String> out = new TreeMap<>();
        for (String tenant : tenants) {
            int best = 0;
            long bestScore = Long.MIN_VALUE;
            for (int shard = 0; shard < shards; shard++) {
                long score = score(tenant, shard);
                if (score > bestScore) {
                    best = shard;
                    bestScore = score;
                }
            }
            out.put(tenant, "shard-" + best);
        }
        return out;
    }

    private static long score(String tenant, int shard) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(tenant.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Integer.toString(shard).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * The ConfigMap, labelled {@code managed-by: orkestra} and owned by the CR: the engine's informer for the kinds
     * listed in {@code managedResources} sees only labelled objects, and routes them to their owner.
     */
    private static ConfigMap configMap(Resource cr, String name, Map<String, String> assignment) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(cr.namespace())
                .addToLabels("managed-by", "orkestra").addToLabels("orkestra-owner", cr.name())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(cr.apiVersion()).withKind(cr.kind())
                        .withName(cr.name()).withUid(cr.uid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(assignment)
                .build();
    }
}
