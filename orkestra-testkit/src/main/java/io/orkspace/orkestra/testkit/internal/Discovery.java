package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The discovery documents: /version, /api, /api/v1, /apis, /apis/group, /apis/group/version. */
final class Discovery {
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private final ResourceRegistry registry;
  private final String serverAddress;

  Discovery(ResourceRegistry registry, String serverAddress) {
    this.registry = registry;
    this.serverAddress = serverAddress;
  }

  /** The document at path, or null when path is not a discovery path. */
  ObjectNode document(String path) {
    String p = path.replaceAll("/+$", "");
    if (p.equals("/version")) {
      return version();
    }
    if (p.equals("/api")) {
      ObjectNode o = Json.object();
      o.put("kind", "APIVersions");
      o.putArray("versions").add("v1");
      ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
      addr.put("clientCIDR", "0.0.0.0/0");
      addr.put("serverAddress", serverAddress);
      return o;
    }
    if (p.equals("/apis")) {
      ObjectNode o = Json.object();
      o.put("kind", "APIGroupList");
      o.put("apiVersion", "v1");
      ArrayNode groups = o.putArray("groups");
      registry.snapshot().groupVersions().forEach((g, versions) -> {
        if (!g.isEmpty()) {
          groups.add(group(g, versions));
        }
      });
      return o;
    }
    String[] s = p.replaceAll("^/+", "").split("/");
    if (s.length == 2 && s[0].equals("api")) {
      return resources("", s[1]);
    }
    if (s.length == 2 && s[0].equals("apis")) {
      List<String> versions = registry.snapshot().groupVersions().get(s[1]);
      return versions == null || s[1].isEmpty() ? null : group(s[1], versions);
    }
    if (s.length == 3 && s[0].equals("apis")) {
      return resources(s[1], s[2]);
    }
    return null;
  }

  private static ObjectNode version() {
    ObjectNode o = Json.object();
    o.put("major", "1");
    o.put("minor", "33");
    o.put("gitVersion", "v1.33.0-orkestra-embedded");
    o.put("gitCommit", "0000000000000000000000000000000000000000");
    o.put("gitTreeState", "clean");
    o.put("buildDate", "2025-01-01T00:00:00Z");
    o.put("goVersion", "go1.24");
    o.put("compiler", "gc");
    o.put("platform", "linux/amd64");
    return o;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      ObjectNode gv = vs.addObject();
      gv.put("groupVersion", name + "/" + v);
      gv.put("version", v);
    }
    ObjectNode preferred = g.putObject("preferredVersion");
    preferred.put("groupVersion", name + "/" + versions.get(0));
    preferred.put("version", versions.get(0));
    return g;
  }

  private ObjectNode resources(String group, String version) {
    Map<String, ResourceType> types = registry.snapshot().byGroupVersion().get(group.isEmpty() ? version : group + "/" + version);
    if (types == null) {
      return null;
    }
    ObjectNode o = Json.object();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = o.putArray("resources");
    for (ResourceType t : types.values()) {
      ObjectNode r = list.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (ScaleSubresource.served(t, version)) {
        ObjectNode s = list.addObject();
        s.put("name", t.plural() + "/scale");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("group", "autoscaling");
        s.put("version", "v1");
        s.put("kind", "Scale");
        s.putArray("verbs").add("get").add("patch").add("update");
      }
      if (t.statusSubresource()) {
        ObjectNode s = list.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        s.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return o;
  }
}
