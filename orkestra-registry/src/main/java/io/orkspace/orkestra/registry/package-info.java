/**
 * orkestra-registry: One handler per resource kind: builds the desired object from a template entry, applies it, reads readiness, deletes it.
 */
package io.orkspace.orkestra.registry;
