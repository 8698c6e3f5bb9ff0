/**
 * orkestra-testkit: The embedded Kubernetes API server (Netty), the JUnit 5 extension and assertions.
 */
package io.orkspace.orkestra.testkit;
