package io.orkspace.orkestra.testkit.josdk;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small JOSDK 5 operator, written as its documentation shows: a managed workflow with one dependent ConfigMap, the
 * status patched after each reconcile, and a {@link Cleaner} (so JOSDK adds and removes its finalizer).
 */
@Workflow(dependents = @Dependent(type = GreetingConfigMap.class))
@ControllerConfiguration(name = "greeting")
public class GreetingReconciler implements Reconciler<Greeting>, Cleaner<Greeting> {
  /** namespace/name of the Greetings whose cleanup ran, for the test to see. */
  final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

  @Override
  public UpdateControl<Greeting> reconcile(Greeting greeting, Context<Greeting> context) {
    ConfigMap configMap = context.getSecondaryResource(ConfigMap.class).orElseThrow();
    Greeting.Status status = new Greeting.Status();
    status.setConfigMap(configMap.getMetadata().getName());
    status.setMessage(configMap.getData().get("message"));
    status.setObservedGeneration(greeting.getMetadata().getGeneration());
    greeting.setStatus(status);
    return UpdateControl.patchStatus(greeting);
  }

  @Override
  public DeleteControl cleanup(Greeting greeting, Context<Greeting> context) {
    cleanedUp.add(greeting.getMetadata().getNamespace() + "/" + greeting.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }
}
