package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the API server fills in on its own for built-in kinds: status at creation, a Service's cluster IP and port
 * defaults, a Namespace's finalizer and phase, a CRD's conditions. Only the defaults a client can trip over are here.
 */
final class Defaults {
  private final AtomicInteger nextIp = new AtomicInteger(1);

  /** Status a newly created object starts with, when the kind has a status subresource. */
  static void initialStatus(ResourceType type, ObjectNode obj) {
    switch (type.storageKey()) {
      case "/pods":
      case "/persistentvolumeclaims":
        obj.putObject("status").put("phase", "Pending");
        break;
      case "/namespaces":
        obj.putObject("status").put("phase", "Active");
        break;
      case "/services":
        obj.putObject("status").putObject("loadBalancer");
        break;
      default:
        obj.remove("status");
    }
  }

  /** Defaults applied on create and on update (old is null on create). */
  void apply(ResourceType type, ObjectNode obj, ObjectNode old) {
    switch (type.storageKey()) {
      case "/namespaces":
        ObjectNode spec = obj.withObjectProperty("spec");
        if (old == null) {
          spec.putArray("finalizers").add("kubernetes");
        } else if (old.path("spec").has("finalizers") && !spec.has("finalizers")) {
          spec.set("finalizers", old.path("spec").get("finalizers").deepCopy());
        }
        break;
      case "/services":
        service(obj, old);
        break;
      case "/secrets":
        stringData(obj);
        break;
      case "apiextensions.k8s.io/customresourcedefinitions":
        crdStatus(obj);
        break;
      default:
        break;
    }
  }

  /**
   * A Secret's {@code stringData} is write-only: its entries are stored base64-encoded under {@code data} (winning over
   * a {@code data} entry of the same key) and the field itself is never stored or returned, as a real API server does.
   */
  private static void stringData(ObjectNode secret) {
    JsonNode plain = secret.remove("stringData");
    if (plain == null || plain.isNull()) {
      return;
    }
    if (!plain.isObject()) {
      throw notStrings(plain, "Secret.stringData of type map[string]string");
    }
    ObjectNode data = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = plain.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw notStrings(e.getValue(), "Secret.stringData of type string");
      }
      if (data == null) {
        data = secret.withObjectProperty("data");
      }
      data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static ApiException notStrings(JsonNode value, String field) {
    return ApiException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal "
        + value.getNodeType().toString().toLowerCase(Locale.ROOT) + " into Go struct field " + field);
  }

  private void service(ObjectNode svc, ObjectNode old) {
    ObjectNode spec = svc.withObjectProperty("spec");
    if (!spec.hasNonNull("type")) {
      spec.put("type", "ClusterIP");
    }
    if (!spec.hasNonNull("sessionAffinity")) {
      spec.put("sessionAffinity", "None");
    }
    JsonNode oldSpec = old == null ? null : old.get("spec");
    if (!"ExternalName".equals(Json.text(spec, "type"))) {
      if (!spec.hasNonNull("clusterIP") || Json.text(spec, "clusterIP").isEmpty()) {
        String ip = oldSpec != null && oldSpec.hasNonNull("clusterIP") ? oldSpec.get("clusterIP").asText()
            : "10.96." + (nextIp.get() / 250) + "." + (nextIp.getAndIncrement() % 250 + 1);
        spec.put("clusterIP", ip);
      }
      if (!spec.has("clusterIPs")) {
        spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
      }
      if (!spec.has("ipFamilies") && !"None".equals(Json.text(spec, "clusterIP"))) {
        spec.putArray("ipFamilies").add("IPv4");
      }
      if (!spec.has("ipFamilyPolicy")) {
        spec.put("ipFamilyPolicy", "SingleStack");
      }
      if (!spec.has("internalTrafficPolicy")) {
        spec.put("internalTrafficPolicy", "Cluster");
      }
    }
    JsonNode ports = spec.get("ports");
    if (ports instanceof ArrayNode) {
      for (JsonNode p : ports) {
        if (p instanceof ObjectNode) {
          ObjectNode port = (ObjectNode) p;
          if (!port.hasNonNull("protocol")) {
            port.put("protocol", "TCP");
          }
          if (!port.hasNonNull("targetPort") && port.has("port")) {
            port.set("targetPort", port.get("port"));
          }
        }
      }
    }
  }

  /** A CRD is accepted and established as soon as it is stored. */
  private static void crdStatus(ObjectNode crd) {
    ObjectNode status = crd.withObjectProperty("status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    if (status.has("conditions")) {
      return;
    }
    ArrayNode conditions = status.putArray("conditions");
    String now = Clock.now();
    for (String[] c : new String[][] {{"NamesAccepted", "NoConflicts", "no conflicts found"},
        {"Established", "InitialNamesAccepted", "the initial names have been accepted"}}) {
      ObjectNode cond = conditions.addObject();
      cond.put("type", c[0]);
      cond.put("status", "True");
      cond.put("lastTransitionTime", now);
      cond.put("reason", c[1]);
      cond.put("message", c[2]);
    }
    ArrayNode stored = status.putArray("storedVersions");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    }
  }
}
