package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@EmbeddedKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKubernetesExtensionTest {
  static EmbeddedCluster fromBeforeAll;

  @BeforeAll
  static void setUp(EmbeddedCluster cluster) {
    fromBeforeAll = cluster;
  }

  @Test
  @Order(1)
  void injectsTheClusterAndItsClient(EmbeddedCluster cluster, KubernetesClient client) {
    assertThat(cluster).isSameAs(fromBeforeAll);
    assertThat(client).isSameAs(cluster.client());
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("shared").endMetadata().build()).create();
  }

  @Test
  @Order(2)
  void sharesTheClusterAcrossTheClassesTests(KubernetesClient client) {
    assertThat(client.configMaps().withName("shared").get()).isNotNull();
  }

  @Nested
  class Inner {
    @Test
    void nestedClassesShareTheOuterCluster(EmbeddedCluster cluster) {
      assertThat(cluster).isSameAs(fromBeforeAll);
    }
  }
}
