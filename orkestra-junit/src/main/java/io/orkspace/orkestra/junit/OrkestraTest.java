package io.orkspace.orkestra.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs operators: one embedded API server per class, an {@link OrkestraHarness} parameter per test.
 * Engines a test starts are stopped after it; each test gets a namespace of its own ({@link OrkestraHarness#namespace()}).
 *
 * <pre>{@code
 * @OrkestraTest
 * class WebsiteTest {
 *     @Test
 *     void createsTheDeployment(OrkestraHarness h) {
 *         h.start(Path.of("katalog.yaml"));
 *         h.apply("""
 *             apiVersion: demo.orkestra.io/v1alpha1
 *             kind: Website
 *             metadata: {name: blog}
 *             spec: {image: nginx:1.27, replicas: 3, port: 8080}
 *             """);
 *         h.awaitReady("demo.orkestra.io/v1alpha1", "Website", "blog");
 *         assertThat(h.client().apps().deployments().inNamespace(h.namespace()).withName("blog").get()).isNotNull();
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OrkestraExtension.class)
public @interface OrkestraTest {
}
