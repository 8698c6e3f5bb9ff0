package io.orkspace.orkestra.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class an {@link EmbeddedCluster}, started before its first test and closed after its last one.
 * Test methods, lifecycle methods and constructors can take an {@link EmbeddedCluster} or a fabric8
 * {@code KubernetesClient} parameter (the cluster's shared client).
 *
 * <pre>{@code
 * @EmbeddedKubernetes
 * class ReconcileTest {
 *   @Test
 *   void createsTheDeployment(KubernetesClient client, EmbeddedCluster cluster) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedClusterExtension.class)
public @interface EmbeddedKubernetes {}
