package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource types the server serves: the built-ins and every established CRD. Readers see an immutable snapshot; CRD
 * changes publish a new one.
 */
public final class ResourceRegistry {
  private final Map<String, ResourceType> builtIns = new LinkedHashMap<>();
  private final Map<String, ResourceType> crds = new LinkedHashMap<>();
  private volatile Snapshot snapshot;

  /** groupVersion ("v1", "apps/v1") → plural → type; storage key → type; group → versions (preferred first). */
  record Snapshot(Map<String, Map<String, ResourceType>> byGroupVersion, Map<String, ResourceType> byStorageKey,
      Map<String, List<String>> groupVersions) {}

  public ResourceRegistry() {
    BuiltInTypes.all().forEach(t -> builtIns.put(t.storageKey(), t));
    publish();
  }

  /** The type served at group/version/plural, or null. */
  public ResourceType find(String group, String version, String plural) {
    Map<String, ResourceType> byPlural = snapshot.byGroupVersion().get(group.isEmpty() ? version : group + "/" + version);
    return byPlural == null ? null : byPlural.get(plural);
  }

  public ResourceType byStorageKey(String storageKey) {
    return snapshot.byStorageKey().get(storageKey);
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** Registers (or re-registers) the served versions of a CRD; returns the type. */
  synchronized ResourceType registerCrd(ObjectNode crd) {
    ResourceType type = fromCrd(crd);
    crds.put(type.storageKey(), type);
    publish();
    return type;
  }

  synchronized void unregisterCrd(String storageKey) {
    if (crds.remove(storageKey) != null) {
      publish();
    }
  }

  /** Reads a CRD's names, scope, versions and subresources; 422 when it cannot be served. */
  static ResourceType fromCrd(ObjectNode crd) {
    ResourceType crdType = BuiltInTypes.CRD;
    String name = Json.path(crd, "metadata.name");
    JsonNode spec = crd.get("spec");
    String group = Json.path(crd, "spec.group");
    String plural = Json.path(crd, "spec.names.plural");
    String kind = Json.path(crd, "spec.names.kind");
    if (spec == null || group == null || plural == null || kind == null) {
      throw ApiException.invalid(crdType, name, "spec", "Required value: spec.group, spec.names.plural and spec.names.kind are required", "FieldValueRequired");
    }
    if (!(plural + "." + group).equals(name)) {
      throw ApiException.invalid(crdType, name, "metadata.name", "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group", "FieldValueInvalid");
    }
    String scope = Json.text(spec, "scope");
    if (!"Namespaced".equals(scope) && !"Cluster".equals(scope)) {
      throw ApiException.invalid(crdType, name, "spec.scope", "Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\"", "FieldValueNotSupported");
    }
    List<String> versions = new ArrayList<>();
    boolean status = false;
    JsonNode schema = null;
    JsonNode vs = spec.get("versions");
    if (vs == null || !vs.isArray() || vs.isEmpty()) {
      throw ApiException.invalid(crdType, name, "spec.versions", "Invalid value: must have at least one version", "FieldValueInvalid");
    }
    int storage = 0;
    for (JsonNode v : vs) {
      if (v.path("storage").asBoolean(false)) {
        storage++;
        schema = v.path("schema").get("openAPIV3Schema");
      }
      if (v.path("served").asBoolean(true)) {
        versions.add(Json.text(v, "name"));
      }
      if (v.path("subresources").has("status")) {
        status = true;
      }
    }
    if (storage != 1) {
      throw ApiException.invalid(crdType, name, "spec.versions", "Invalid value: must have exactly one version marked as storage version", "FieldValueInvalid");
    }
    versions.sort(VERSION_PRIORITY);
    String singular = Json.path(crd, "spec.names.singular");
    List<String> shortNames = new ArrayList<>();
    spec.path("names").path("shortNames").forEach(s -> shortNames.add(s.asText()));
    return new ResourceType(group, List.copyOf(versions), plural, singular == null ? kind.toLowerCase() : singular, kind,
        "Namespaced".equals(scope), status, true, List.copyOf(shortNames),
        new SchemaListTypes(schema), CrdVersions.of(spec));
  }

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /** Kubernetes version priority: GA before beta before alpha, higher numbers first, others last by name. */
  static final Comparator<String> VERSION_PRIORITY = (a, b) -> {
    long ka = priority(a);
    long kb = priority(b);
    return ka != kb ? Long.compare(kb, ka) : a.compareTo(b);
  };

  private static long priority(String v) {
    Matcher m = KUBE_VERSION.matcher(v);
    if (!m.matches()) {
      return 0;
    }
    long major = Long.parseLong(m.group(1));
    long level = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
    long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return level * 1_000_000_000L + major * 10_000L + minor;
  }

  private void publish() {
    Map<String, Map<String, ResourceType>> byGv = new LinkedHashMap<>();
    Map<String, ResourceType> byKey = new LinkedHashMap<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    List<ResourceType> all = new ArrayList<>(builtIns.values());
    all.addAll(crds.values());
    for (ResourceType t : all) {
      byKey.put(t.storageKey(), t);
      for (String v : t.versions()) {
        byGv.computeIfAbsent(t.apiVersion(v), k -> new LinkedHashMap<>()).put(t.plural(), t);
        List<String> gvs = groups.computeIfAbsent(t.group(), k -> new ArrayList<>());
        if (!gvs.contains(v)) {
          gvs.add(v);
          gvs.sort(VERSION_PRIORITY);
        }
      }
    }
    snapshot = new Snapshot(byGv, byKey, groups);
  }
}
