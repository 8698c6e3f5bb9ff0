package io.orkspace.orkestra.junit.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.orkspace.orkestra.junit.kinds.Bundles.API;
import static io.orkspace.orkestra.junit.kinds.Bundles.KIND;
import static io.orkspace.orkestra.junit.kinds.Bundles.assertOwnedBy;
import static io.orkspace.orkestra.junit.kinds.Bundles.bundle;
import static io.orkspace.orkestra.junit.kinds.Bundles.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** configMaps, secrets, serviceAccounts, roles, roleBindings and networkPolicies: create, correct drift, collect. */
@OrkestraTest
class ConfigAndAccessKindsTest {

    @Test
    void configAndAccessChildrenAreCreatedCorrectedAndCollectedWithTheirCr(OrkestraHarness h) throws Exception {
        h.start(Bundles.KATALOGS.resolve("config-and-access.yaml"));
        h.apply(bundle("shop", "{level: info, password: s3cret, team: web}"));
        GenericKubernetesResource cr = h.awaitReady(API, KIND, "shop");
        KubernetesClient k = h.client();
        String ns = h.namespace();
        var configMap = k.configMaps().inNamespace(ns).withName("shop-config");
        var secret = k.secrets().inNamespace(ns).withName("shop-secret");
        var serviceAccount = k.serviceAccounts().inNamespace(ns).withName("shop-sa");
        var role = k.rbac().roles().inNamespace(ns).withName("shop-role");
        var roleBinding = k.rbac().roleBindings().inNamespace(ns).withName("shop-rolebinding");
        var networkPolicy = k.network().networkPolicies().inNamespace(ns).withName("shop-deny");

        // created as declared
        assertThat(configMap.get().getData()).containsEntry("level", "info");
        assertThat(secret.get().getData()).containsEntry("password", base64("s3cret"));
        assertThat(secret.get().getType()).isEqualTo("Opaque");
        assertThat(serviceAccount.get().getMetadata().getAnnotations()).containsEntry("team", "web");
        assertThat(role.get().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("apps");
            assertThat(r.getResources()).containsExactly("deployments");
            assertThat(r.getVerbs()).containsExactly("get", "list");
        });
        assertThat(roleBinding.get().getRoleRef().getKind()).isEqualTo("Role");
        assertThat(roleBinding.get().getRoleRef().getName()).isEqualTo("shop-role");
        assertThat(roleBinding.get().getSubjects()).containsExactly(serviceAccount("shop-sa", ns));
        assertThat(networkPolicy.get().getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        for (var child : List.of(configMap.get(), secret.get(), serviceAccount.get(), role.get(), roleBinding.get(), networkPolicy.get())) {
            assertOwnedBy(child, cr);
        }

        // a spec change reaches the children
        h.apply(bundle("shop", "{level: debug, password: s3cret, team: web}"));
        eventually().until(() -> "debug".equals(configMap.get().getData().get("level")));

        // hand edits are corrected
        configMap.edit(c -> {
            c.getData().put("level", "edited");
            return c;
        });
        secret.edit(s -> {
            s.getData().put("password", base64("guessed"));
            return s;
        });
        serviceAccount.edit(s -> {
            s.getMetadata().getAnnotations().put("team", "nobody");
            return s;
        });
        role.edit(r -> {
            r.getRules().get(0).setVerbs(List.of("delete"));
            return r;
        });
        roleBinding.edit(b -> {
            b.setSubjects(List.of(serviceAccount("intruder", ns)));
            return b;
        });
        networkPolicy.edit(p -> {
            p.getSpec().setPolicyTypes(List.of("Ingress"));
            return p;
        });
        eventually().untilAsserted(() -> {
            assertThat(configMap.get().getData()).containsEntry("level", "debug");
            assertThat(secret.get().getData()).containsEntry("password", base64("s3cret"));
            assertThat(serviceAccount.get().getMetadata().getAnnotations()).containsEntry("team", "web");
            assertThat(role.get().getRules().get(0).getVerbs()).containsExactly("get", "list");
            assertThat(roleBinding.get().getSubjects()).contains(serviceAccount("shop-sa", ns));
            assertThat(networkPolicy.get().getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        });

        // deleting the CR lets the garbage collector take every child
        Bundles.deleteBundle(h, "shop");
        eventually().untilAsserted(() -> {
            assertThat(configMap.get()).isNull();
            assertThat(secret.get()).isNull();
            assertThat(serviceAccount.get()).isNull();
            assertThat(role.get()).isNull();
            assertThat(roleBinding.get()).isNull();
            assertThat(networkPolicy.get()).isNull();
        });
    }

    static Subject serviceAccount(String name, String namespace) {
        return new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(namespace).build();
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
