/**
 * orkestra-engine: The runtime: per-CRD informer, queue, workers and reconciler on shared infrastructure.
 */
package io.orkspace.orkestra.engine;
