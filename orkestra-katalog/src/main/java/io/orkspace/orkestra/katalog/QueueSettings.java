package io.orkspace.orkestra.katalog;

/**
 * {@code reconciler.queue}.
 *
 * @param maxDepth         0 = unlimited
 * @param failureThreshold consecutive failures before the CRD's health turns degraded (default 5)
 */
public record QueueSettings(int maxDepth, int failureThreshold) {

    public static final QueueSettings DEFAULTS = new QueueSettings(0, 5);
}
