package io.orkspace.orkestra.testkit.internal;

import java.util.List;

/**
 * One kind of resource the server serves: where it lives in the URL space and how writes to it behave.
 *
 * @param group API group, "" for core
 * @param versions served versions, preferred first
 * @param plural resource name in URLs
 * @param singular singular name
 * @param kind object kind
 * @param namespaced namespaced or cluster-scoped
 * @param statusSubresource writes to the main resource ignore .status and /status writes touch only status
 * @param generation metadata.generation is kept and bumped on spec changes
 * @param shortNames kubectl short names
 * @param listTypes how lists inside objects of this kind merge (server-side apply, strategic merge)
 * @param crd for custom resources, each version's schema and scale subresource; {@link CrdVersions#NONE} for built-ins
 */
public record ResourceType(String group, List<String> versions, String plural, String singular, String kind, boolean namespaced,
    boolean statusSubresource, boolean generation, List<String> shortNames, ListTypes listTypes,
    CrdVersions crd) {

  /** Where objects of this type are stored: one bucket for all versions. */
  public String storageKey() {
    return group + "/" + plural;
  }

  /** deployments.apps or configmaps, as in the API server's messages. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public String apiVersion(String version) {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean serves(String version) {
    return versions.contains(version);
  }

  public String listKind() {
    return kind + "List";
  }
}
