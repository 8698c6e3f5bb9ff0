package io.orkspace.orkestra.registry.kinds;

import io.orkspace.orkestra.registry.KindHandler;
import io.orkspace.orkestra.registry.KindScopes;

import java.util.List;

/** The kind handlers this release ships, one per resource kind of the reference's 06-resources pages. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {
    }

    /** One new handler per built-in kind; custom entries are namespaced unless they say otherwise. */
    public static List<KindHandler> all() {
        return all(KindScopes.UNKNOWN);
    }

    /** One new handler per built-in kind; a custom entry's scope is looked up in {@code scopes} unless it says it. */
    public static List<KindHandler> all(KindScopes scopes) {
        return List.of(
                new DeploymentHandler(),
                new ServiceHandler(),
                new ConfigMapHandler(),
                new SecretHandler(),
                new JobHandler(),
                new CronJobHandler(),
                new ServiceAccountHandler(),
                new PersistentVolumeClaimHandler(),
                new StatefulSetHandler(),
                new IngressHandler(),
                new RoleHandler(),
                new RoleBindingHandler(),
                new ClusterRoleHandler(),
                new ClusterRoleBindingHandler(),
                new PodDisruptionBudgetHandler(),
                new HorizontalPodAutoscalerHandler(),
                new NamespaceHandler(),
                new NetworkPolicyHandler(),
                new PodHandler(),
                new CustomResourceHandler(scopes));
    }
}
