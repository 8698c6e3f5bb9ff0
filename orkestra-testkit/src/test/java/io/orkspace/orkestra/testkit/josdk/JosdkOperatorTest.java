package io.orkspace.orkestra.testkit.josdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.javaoperatorsdk.operator.Operator;
import io.orkspace.orkestra.testkit.EmbeddedCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java Operator SDK 5.2 operator, a client nobody here wrote, runs unchanged against the embedded server: informers,
 * server-side apply of a dependent ConfigMap matched by managedFields, status patches, its finalizer and owner-reference
 * garbage collection.
 */
class JosdkOperatorTest {
  static final String NAMESPACE = "greetings";
  static EmbeddedCluster cluster;
  static KubernetesClient client;
  static Operator operator;
  static GreetingReconciler reconciler;

  @BeforeAll
  static void startOperator() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();

    reconciler = new GreetingReconciler();
    operator = new Operator(o -> o.withKubernetesClient(cluster.newClient()).withCloseClientOnStop(true)
        .withStopOnInformerErrorDuringStartup(true).withCacheSyncTimeout(Duration.ofSeconds(10)));
    operator.register(reconciler);
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static MixedOperation<Greeting, KubernetesResourceList<Greeting>, Resource<Greeting>> greetings() {
    return client.resources(Greeting.class);
  }

  static Greeting greeting(String name, String message) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName(name);
    greeting.getMetadata().setNamespace(NAMESPACE);
    Greeting.Spec spec = new Greeting.Spec();
    spec.setMessage(message);
    greeting.setSpec(spec);
    return greeting;
  }

  static ConfigMap configMap(String greeting) {
    return client.configMaps().inNamespace(NAMESPACE).withName(greeting + "-greeting").get();
  }

  static Greeting current(String name) {
    return greetings().inNamespace(NAMESPACE).withName(name).get();
  }

  static void awaitStatus(String name, String message) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Greeting greeting = current(name);
      assertThat(greeting.getStatus()).isNotNull();
      assertThat(greeting.getStatus().getMessage()).isEqualTo(message);
      assertThat(greeting.getStatus().getObservedGeneration()).isEqualTo(greeting.getMetadata().getGeneration());
    });
  }

  @Test
  void createsAConfigMapPerGreetingAndReportsItInStatus() {
    greetings().resource(greeting("hello", "Hello, world")).create();

    awaitStatus("hello", "Hello, world");
    ConfigMap configMap = configMap("hello");
    assertThat(configMap.getData()).isEqualTo(Map.of("message", "Hello, world"));
    assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> {
          assertThat(owner.getKind()).isEqualTo("Greeting");
          assertThat(owner.getUid()).isEqualTo(current("hello").getMetadata().getUid());
        });
    // JOSDK writes its dependents and the status with server-side apply, under its own field manager
    assertThat(configMap.getMetadata().getManagedFields()).anySatisfy(entry -> {
      assertThat(entry.getManager()).isEqualTo("greeting");
      assertThat(entry.getOperation()).isEqualTo("Apply");
    });
    assertThat(current("hello").getMetadata().getManagedFields()).anySatisfy(entry -> {
      assertThat(entry.getManager()).isEqualTo("greeting");
      assertThat(entry.getOperation()).isEqualTo("Apply");
      assertThat(entry.getSubresource()).isEqualTo("status");
    });
    assertThat(current("hello").getMetadata().getFinalizers()).containsExactly("greetings.josdk.testkit.orkestra.io/finalizer");
    assertThat(current("hello").getStatus().getConfigMap()).isEqualTo("hello-greeting");
  }

  @Test
  void settlesWithoutFurtherWritesOnceConverged() {
    greetings().resource(greeting("quiet", "Shh")).create();
    awaitStatus("quiet", "Shh");

    // JOSDK's SSA matcher compares the desired ConfigMap with the server's managedFields: a mismatch would rewrite it
    // on every event, for ever
    long[] before = {cluster.requests().writes("configmaps"), cluster.requests().writes("greetings/status")};
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
        cluster.requests().writes("configmaps") == before[0] && cluster.requests().writes("greetings/status") == before[1]);
  }

  @Test
  void followsSpecChanges() {
    greetings().resource(greeting("changing", "one")).create();
    awaitStatus("changing", "one");

    greetings().inNamespace(NAMESPACE).withName("changing").edit(g -> {
      g.getSpec().setMessage("two");
      return g;
    });

    awaitStatus("changing", "two");
    assertThat(current("changing").getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(configMap("changing").getData()).containsEntry("message", "two");
  }

  @Test
  void recreatesADeletedConfigMap() {
    greetings().resource(greeting("sturdy", "still here")).create();
    awaitStatus("sturdy", "still here");
    String uid = configMap("sturdy").getMetadata().getUid();

    client.configMaps().inNamespace(NAMESPACE).withName("sturdy-greeting").delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ConfigMap recreated = configMap("sturdy");
      assertThat(recreated).isNotNull();
      assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
      assertThat(recreated.getData()).containsEntry("message", "still here");
    });
  }

  @Test
  void cleansUpAndLetsTheGarbageCollectorTakeTheConfigMap() {
    greetings().resource(greeting("bye", "Goodbye")).create();
    awaitStatus("bye", "Goodbye");

    greetings().inNamespace(NAMESPACE).withName("bye").delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(current("bye")).isNull();
      assertThat(configMap("bye")).isNull();
    });
    assertThat(reconciler.cleanedUp).contains(NAMESPACE + "/bye");
  }

  static CustomResourceDefinition crd() {
    JSONSchemaProps string = new JSONSchemaPropsBuilder().withType("string").build();
    JSONSchemaProps spec = new JSONSchemaPropsBuilder().withType("object").addToProperties("message", string)
        .addToRequired("message").build();
    JSONSchemaProps status = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("configMap", string).addToProperties("message", string)
        .addToProperties("observedGeneration", new JSONSchemaPropsBuilder().withType("integer").build()).build();
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("greetings.josdk.testkit.orkestra.io").endMetadata()
        .withNewSpec()
        .withGroup("josdk.testkit.orkestra.io")
        .withScope("Namespaced")
        .withNewNames().withKind("Greeting").withPlural("greetings").withSingular("greeting").withListKind("GreetingList").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
        .addToProperties("spec", spec).addToProperties("status", status)
        .endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
