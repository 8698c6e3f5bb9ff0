package io.orkspace.orkestra.testkit.internal;

import java.util.List;

/** The built-in kinds the server serves, with their scope, status subresource and generation behaviour. */
final class BuiltInTypes {
  static final ResourceType CRD = type("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true, true, "crd", "crds");
  static final ResourceType NAMESPACES = type("", "v1", "namespaces", "Namespace", false, true, false, "ns");

  private BuiltInTypes() {}

  static List<ResourceType> all() {
    return List.of(
        NAMESPACES,
        type("", "v1", "configmaps", "ConfigMap", true, false, false, "cm"),
        type("", "v1", "secrets", "Secret", true, false, false),
        type("", "v1", "services", "Service", true, true, false, "svc"),
        type("", "v1", "pods", "Pod", true, true, false, "po"),
        type("", "v1", "serviceaccounts", "ServiceAccount", true, false, false, "sa"),
        type("", "v1", "events", "Event", true, false, false, "ev"),
        type("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true, false, "pvc"),
        type("", "v1", "persistentvolumes", "PersistentVolume", false, true, false, "pv"),
        type("", "v1", "endpoints", "Endpoints", true, false, false, "ep"),
        type("", "v1", "nodes", "Node", false, true, false, "no"),
        type("", "v1", "resourcequotas", "ResourceQuota", true, true, false, "quota"),
        type("", "v1", "limitranges", "LimitRange", true, false, false, "limits"),
        type("apps", "v1", "deployments", "Deployment", true, true, true, "deploy"),
        type("apps", "v1", "statefulsets", "StatefulSet", true, true, true, "sts"),
        type("apps", "v1", "daemonsets", "DaemonSet", true, true, true, "ds"),
        type("apps", "v1", "replicasets", "ReplicaSet", true, true, true, "rs"),
        type("apps", "v1", "controllerrevisions", "ControllerRevision", true, false, false),
        type("batch", "v1", "jobs", "Job", true, true, true),
        type("batch", "v1", "cronjobs", "CronJob", true, true, true, "cj"),
        type("networking.k8s.io", "v1", "ingresses", "Ingress", true, true, true, "ing"),
        type("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, false, true, "netpol"),
        type("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, false, false),
        type("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false, false),
        type("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false, false),
        type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false, false),
        type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false, false),
        type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false, false),
        type("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, true, "pdb"),
        type("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, true, true, "hpa"),
        type("coordination.k8s.io", "v1", "leases", "Lease", true, false, false),
        type("events.k8s.io", "v1", "events", "Event", true, false, false, "ev"),
        type("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, false, false, "sc"),
        type("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, false, false, "pc"),
        type("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, false, true),
        type("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, false, true),
        CRD);
  }

  private static ResourceType type(String group, String version, String plural, String kind, boolean namespaced, boolean status,
      boolean generation, String... shortNames) {
    return new ResourceType(group, List.of(version), plural, kind.toLowerCase(), kind, namespaced, status, generation,
        List.of(shortNames), BuiltInListTypes.INSTANCE, CrdVersions.NONE);
  }
}
