package io.orkspace.orkestra.testkit.internal;

/**
 * Where a resource request goes: {@code /api/v1/namespaces/ns/pods/name/status} → core/v1 pods, ns, name, status.
 *
 * @param type the resource type
 * @param version the version the client asked for
 * @param namespace the namespace in the URL, or null (cluster-scoped, or all namespaces)
 * @param name the object name, or null for the collection
 * @param subresource status, scale…, or null
 */
record Route(ResourceType type, String version, String namespace, String name, String subresource) {

  String apiVersion() {
    return type.apiVersion(version);
  }

  /** Parses an /api or /apis path; null when it is not a resource path at all, 404 when the resource is unknown. */
  static Route parse(String path, ResourceRegistry registry) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    String version;
    int i;
    if (s.length >= 3 && s[0].equals("api")) {
      group = "";
      version = s[1];
      i = 2;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      group = s[1];
      version = s[2];
      i = 3;
    } else {
      return null;
    }
    int n = s.length - i;
    String namespace = null;
    // namespaces/{ns}/{resource}[/{name}[/{sub}]], except namespaces/{name}/status|finalize, which addresses the namespace
    if (n >= 3 && s[i].equals("namespaces") && !(n == 3 && (s[i + 2].equals("status") || s[i + 2].equals("finalize")))) {
      namespace = s[i + 1];
      i += 2;
      n -= 2;
    }
    if (n < 1 || n > 3) {
      throw ApiException.notFoundPath(path);
    }
    ResourceType type = registry.find(group, version, s[i]);
    if (type == null) {
      throw ApiException.notFoundPath(path);
    }
    if (namespace != null && !type.namespaced()) {
      throw ApiException.notFoundPath(path);
    }
    String name = n >= 2 ? s[i + 1] : null;
    String sub = n == 3 ? s[i + 2] : null;
    if (sub != null && !(sub.equals("status") && type.statusSubresource()) && !(sub.equals("finalize") && type == BuiltInTypes.NAMESPACES)
        && !(sub.equals("scale") && ScaleSubresource.served(type, version))) {
      throw ApiException.notFoundPath(path);
    }
    return new Route(type, version, namespace, name, sub);
  }
}
