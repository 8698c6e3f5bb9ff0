package io.orkspace.orkestra.katalog.internal;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes kinds an entry may name in {@code apiTypes} instead of a CRD's (a ConfigMap, an apps/v1 Deployment):
 * for them {@code kind} alone is enough, the group, version, plural and scope are known.
 */
public final class BuiltInKinds {

    /** One built-in kind. */
    public record Kind(String group, String version, String kind, String plural, boolean namespaced) {
    }

    // core first: a kind named without its group is the core one (Event: v1, not events.k8s.io)
    private static final List<Kind> ALL = List.of(
            core("ConfigMap", "configmaps", true), core("Secret", "secrets", true), core("Service", "services", true),
            core("Pod", "pods", true), core("ServiceAccount", "serviceaccounts", true), core("Event", "events", true),
            core("PersistentVolumeClaim", "persistentvolumeclaims", true), core("PersistentVolume", "persistentvolumes", false),
            core("Namespace", "namespaces", false), core("Node", "nodes", false), core("Endpoints", "endpoints", true),
            core("LimitRange", "limitranges", true), core("ResourceQuota", "resourcequotas", true),
            core("ReplicationController", "replicationcontrollers", true),
            new Kind("apps", "v1", "Deployment", "deployments", true), new Kind("apps", "v1", "StatefulSet", "statefulsets", true),
            new Kind("apps", "v1", "DaemonSet", "daemonsets", true), new Kind("apps", "v1", "ReplicaSet", "replicasets", true),
            new Kind("apps", "v1", "ControllerRevision", "controllerrevisions", true),
            new Kind("batch", "v1", "Job", "jobs", true), new Kind("batch", "v1", "CronJob", "cronjobs", true),
            new Kind("networking.k8s.io", "v1", "Ingress", "ingresses", true),
            new Kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
            new Kind("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
            new Kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
            new Kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
            new Kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
            new Kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
            new Kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            new Kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            new Kind("coordination.k8s.io", "v1", "Lease", "leases", true),
            new Kind("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
            new Kind("events.k8s.io", "v1", "Event", "events", true),
            new Kind("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
            new Kind("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false));

    private BuiltInKinds() {
    }

    private static Kind core(String kind, String plural, boolean namespaced) {
        return new Kind("", "v1", kind, plural, namespaced);
    }

    /** The built-in kind of this name in this group; with a null group, the core one or else the only one. */
    public static Optional<Kind> find(String group, String kind) {
        return ALL.stream().filter(k -> k.kind().equals(kind) && (group == null || k.group().equals(group))).findFirst();
    }
}
