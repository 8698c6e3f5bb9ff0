package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * namespaces, clusterRoles and clusterRoleBindings of a namespaced CR: the API forbids their owner reference, so the
 * engine annotates them with their owner and deletes them in the CR's finalizer.
 */
@OrkestraTest
class ClusterScopedKindsTest {

    @Test
    void clusterScopedChildrenOfANamespacedCrAreCreatedCorrectedAndDeletedByTheFinalizer(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("cluster-scoped.yaml"));
        h.apply(bundle("shop", "{tier: gold, verb: list}"));
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        KubernetesClient k = h.client();
        String prefix = h.namespace() + "-shop";
        var namespace = k.namespaces().withName(prefix);
        var clusterRole = k.rbac().clusterRoles().withName(prefix + "-reader");
        var clusterRoleBinding = k.rbac().clusterRoleBindings().withName(prefix + "-readers");

        // created as declared, without owner reference, annotated with their owner; the CR holds the finalizer
        assertThat(namespace.get().getMetadata().getLabels()).containsEntry("tier", "gold");
        assertThat(clusterRole.get().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("");
            assertThat(r.getResources()).containsExactly("pods");
            assertThat(r.getVerbs()).containsExactly("get", "list");
        });
        assertThat(clusterRoleBinding.get().getRoleRef().getName()).isEqualTo(prefix + "-reader");
        assertThat(clusterRoleBinding.get().getSubjects()).containsExactly(new SubjectBuilder().withKind("ServiceAccount")
                .withName("shop-sa").withNamespace(h.namespace()).build());
        for (HasMetadata child : List.<HasMetadata>of(namespace.get(), clusterRole.get(), clusterRoleBinding.get())) {
            assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind()).isNullOrEmpty();
            assertThat(child.getMetadata().getLabels()).containsEntry("managed-by", "orkestra").containsEntry("orkestra-owner", "shop");
            assertThat(child.getMetadata().getAnnotations()).as(child.getKind()).containsEntry("orkestra.orkspace.io/owner",
                    "apiVersion=" + API + ",kind=Bundle,namespace=" + h.namespace() + ",name=shop,uid=" + cr.getMetadata().getUid());
        }
        assertThat(cr.getMetadata().getFinalizers()).contains("orkestra.orkspace.io/finalizer");

        // hand edits are corrected (the annotation routes their events to the CR)
        namespace.edit(n -> {
            n.getMetadata().getLabels().put("tier", "bronze");
            return n;
        });
        clusterRole.edit(r -> {
            r.getRules().get(0).setVerbs(List.of("*"));
            return r;
        });
        clusterRoleBinding.edit(b -> {
            b.getSubjects().get(0).setName("intruder");
            return b;
        });
        eventually().untilAsserted(() -> {
            assertThat(namespace.get().getMetadata().getLabels()).containsEntry("tier", "gold");
            assertThat(clusterRole.get().getRules().get(0).getVerbs()).containsExactly("get", "list");
            assertThat(clusterRoleBinding.get().getSubjects()).extracting(s -> s.getName()).contains("shop-sa");
        });

        // a deleted one is recreated
        String uid = clusterRole.get().getMetadata().getUid();
        clusterRole.delete();
        eventually().until(() -> clusterRole.get() != null && !uid.equals(clusterRole.get().getMetadata().getUid()));

        // deleting the CR: the finalizer deletes them (no garbage collector would), then lets the CR go
        Bundles.deleteBundle(h, "shop");
        eventually().untilAsserted(() -> {
            assertThat(namespace.get()).isNull();
            assertThat(clusterRole.get()).isNull();
            assertThat(clusterRoleBinding.get()).isNull();
        });
    }

    @Test
    void anotherCrsClusterScopedChildrenAreLeftAlone(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("cluster-scoped.yaml"));
        h.apply(bundle("one", "{tier: gold, verb: list}"));
        h.apply(bundle("two", "{tier: silver, verb: watch}"));
        h.awaitReady(API, KIND, "one");
        h.awaitReady(API, KIND, "two");

        Bundles.deleteBundle(h, "one");

        KubernetesClient k = h.client();
        eventually().until(() -> k.rbac().clusterRoles().withName(h.namespace() + "-one-reader").get() == null);
        assertThat(k.rbac().clusterRoles().withName(h.namespace() + "-two-reader").get()).isNotNull();
        assertThat(k.namespaces().withName(h.namespace() + "-two").get().getStatus().getPhase()).isEqualTo("Active");
        Bundles.deleteBundle(h, "two");
    }
}
