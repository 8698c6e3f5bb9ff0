package io.orkspace.orkestra.testkit.josdk;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ConfigMap each Greeting owns, as a JOSDK dependent resource: created and updated by server-side apply, matched
 * against the server's {@code managedFields}, owned through an owner reference, watched by an informer. (JOSDK writes
 * ConfigMaps and Secrets with updates by default; {@code useSSA} asks for what it does for every other kind.)
 */
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
public class GreetingConfigMap extends CRUDKubernetesDependentResource<ConfigMap, Greeting> {

  public GreetingConfigMap() {
    super(ConfigMap.class);
  }

  static String nameOf(Greeting greeting) {
    return greeting.getMetadata().getName() + "-greeting";
  }

  @Override
  protected ConfigMap desired(Greeting greeting, Context<Greeting> context) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(nameOf(greeting))
        .withNamespace(greeting.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "greeting-operator")
        .endMetadata()
        .addToData("message", greeting.getSpec().getMessage())
        .build();
  }
}
