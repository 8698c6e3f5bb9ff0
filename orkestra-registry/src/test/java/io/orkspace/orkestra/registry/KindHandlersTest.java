package io.orkspace.orkestra.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KindHandlersTest {

    @Test
    void holdsEveryKindOfTheReference() {
        assertThat(KindHandlers.builtIn().all()).extracting(KindHandler::key).containsExactly(
                "deployments", "services", "configMaps", "secrets", "jobs", "cronJobs", "serviceAccounts",
                "persistentVolumeClaims", "statefulSets", "ingresses", "roles", "roleBindings", "clusterRoles",
                "clusterRoleBindings", "pdb", "hpa", "namespaces", "networkPolicies", "pods", "custom");
    }

    @ParameterizedTest
    @CsvSource({
            "deployments, apps/v1, Deployment, deployments, true, {{ .metadata.name }}-deployment",
            "services, v1, Service, services, true, {{ .metadata.name }}-svc",
            "configmaps, v1, ConfigMap, configmaps, true, {{ .metadata.name }}-config",
            "secrets, v1, Secret, secrets, true, {{ .metadata.name }}-secret",
            "jobs, batch/v1, Job, jobs, true, {{ .metadata.name }}-job",
            "cronjobs, batch/v1, CronJob, cronjobs, true, {{ .metadata.name }}-cronjob",
            "serviceaccounts, v1, ServiceAccount, serviceaccounts, true, {{ .metadata.name }}-sa",
            "persistentVolumeClaims, v1, PersistentVolumeClaim, persistentvolumeclaims, true, ",
            "statefulsets, apps/v1, StatefulSet, statefulsets, true, {{ .metadata.name }}",
            "ingresses, networking.k8s.io/v1, Ingress, ingresses, true, {{ .metadata.name }}-ingress",
            "roles, rbac.authorization.k8s.io/v1, Role, roles, true, {{ .metadata.name }}-role",
            "rolebindings, rbac.authorization.k8s.io/v1, RoleBinding, rolebindings, true, {{ .metadata.name }}-rolebinding",
            "clusterroles, rbac.authorization.k8s.io/v1, ClusterRole, clusterroles, false, {{ .metadata.name }}-cluster-role",
            "clusterrolebindings, rbac.authorization.k8s.io/v1, ClusterRoleBinding, clusterrolebindings, false, {{ .metadata.name }}-crb",
            "pdb, policy/v1, PodDisruptionBudget, poddisruptionbudgets, true, {{ .metadata.name }}-pdb",
            "hpa, autoscaling/v2, HorizontalPodAutoscaler, horizontalpodautoscalers, true, {{ .metadata.name }}-hpa",
            "namespaces, v1, Namespace, namespaces, false, {{ .metadata.name }}-ns",
            "networkpolicies, networking.k8s.io/v1, NetworkPolicy, networkpolicies, true, ",
            "pods, v1, Pod, pods, true, {{ .metadata.name }}-pod",
    })
    void describesEachKindAsTheApiServerServesItWithTheReferencesDefaultName(String key, String apiVersion, String kind,
                                                                              String plural, boolean namespaced, String defaultName) {
        KindHandler h = KindHandlers.builtIn().forKey(key).orElseThrow();

        assertThat(List.of(h.apiVersion(), h.kind(), h.plural(), h.namespaced())).containsExactly(apiVersion, kind, plural, namespaced);
        assertThat(h.defaultName()).isEqualTo(defaultName);
    }

    @Test
    void findsAKindUnderItsLowerCaseSpellingToo() {
        assertThat(KindHandlers.builtIn().forKey("configmaps")).map(KindHandler::key).contains("configMaps");
        assertThat(KindHandlers.builtIn().forKey("statefulsets")).map(KindHandler::key).contains("statefulSets");
    }
}
