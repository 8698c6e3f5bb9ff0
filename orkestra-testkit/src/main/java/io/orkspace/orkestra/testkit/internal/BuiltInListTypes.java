package io.orkspace.orkestra.testkit.internal;

import io.orkspace.orkestra.testkit.internal.ListTypes.ListType;
import java.util.List;
import java.util.Map;

/**
 * The merge keys of the built-in kinds, by field name (the Kubernetes types declare them with
 * {@code patchMergeKey}/{@code listMapKeys}); lists not named here are atomic.
 */
final class BuiltInListTypes implements ListTypes {
  static final BuiltInListTypes INSTANCE = new BuiltInListTypes();

  private static final Map<String, ListType> BY_FIELD = Map.ofEntries(
      Map.entry("containers", ListType.map("name")),
      Map.entry("initContainers", ListType.map("name")),
      Map.entry("ephemeralContainers", ListType.map("name")),
      Map.entry("env", ListType.map("name")),
      Map.entry("volumes", ListType.map("name")),
      Map.entry("volumeMounts", ListType.map("mountPath")),
      Map.entry("volumeDevices", ListType.map("devicePath")),
      Map.entry("conditions", ListType.map("type")),
      Map.entry("imagePullSecrets", ListType.map("name")),
      Map.entry("hostAliases", ListType.map("ip")),
      Map.entry("webhooks", ListType.map("name")),
      Map.entry("topologySpreadConstraints", ListType.map("topologyKey", "whenUnsatisfiable")),
      Map.entry("resourceClaims", ListType.map("name")));

  private BuiltInListTypes() {}

  @Override
  public ListType at(List<String> path) {
    return common(path, this::builtIn);
  }

  /** metadata lists are the same for every kind, custom resources included. */
  static ListType common(List<String> path, ListTypes rest) {
    if (path.size() == 2 && path.get(0).equals("metadata")) {
      switch (path.get(1)) {
        case "finalizers": return ListType.SET;
        case "ownerReferences": return ListType.map("uid");
        default: return ListType.ATOMIC;
      }
    }
    return rest.at(path);
  }

  private ListType builtIn(List<String> path) {
    String field = path.get(path.size() - 1);
    if (field.equals("ports")) {
      String parent = path.size() > 1 ? path.get(path.size() - 2) : "";
      boolean container = parent.equals("containers") || parent.equals("initContainers") || parent.equals("ephemeralContainers");
      return container ? ListType.map("containerPort") : ListType.map("port");
    }
    return BY_FIELD.getOrDefault(field, ListType.ATOMIC);
  }
}
