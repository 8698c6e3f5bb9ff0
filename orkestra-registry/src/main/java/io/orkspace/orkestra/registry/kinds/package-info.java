/**
 * The built-in kind handlers (one per resource kind, each in its own file) and what they share: typed reading of a
 * rendered entry ({@code EntryFields}), the common metadata ({@code ChildMetadata}), the pod of workload kinds
 * ({@code PodTemplates}) and the reference's named profiles. Internal: only {@link
 * io.orkspace.orkestra.registry.kinds.BuiltInHandlers} is public, for {@code KindHandlers.builtIn()}.
 */
package io.orkspace.orkestra.registry.kinds;
