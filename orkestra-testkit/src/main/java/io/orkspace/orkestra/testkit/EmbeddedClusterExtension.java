package io.orkspace.orkestra.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link EmbeddedKubernetes}: one cluster per test class (nested classes share their
 * outer class's), resolved as an {@link EmbeddedCluster} or {@link KubernetesClient} parameter, closed when the class
 * is done. Use it directly with {@code @ExtendWith(EmbeddedClusterExtension.class)} if you prefer.
 */
public final class EmbeddedClusterExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedCluster.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedCluster cluster = cluster(context);
    return parameter.getParameter().getType() == EmbeddedCluster.class ? cluster : cluster.client();
  }

  /** The cluster of the test class the context belongs to (started on first use). */
  public static EmbeddedCluster cluster(ExtensionContext context) {
    ExtensionContext owner = context;
    while (owner.getParent().isPresent() && owner.getParent().get().getTestClass().isPresent()) {
      owner = owner.getParent().get();
    }
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(EmbeddedCluster.class.getName(), k -> EmbeddedCluster.start(), EmbeddedCluster.class);
  }
}
