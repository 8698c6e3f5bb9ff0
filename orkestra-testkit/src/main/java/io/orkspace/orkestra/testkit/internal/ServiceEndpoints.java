package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The endpoints and EndpointSlice controllers' stand-in: a Service with a selector gets an Endpoints object of its name
 * and an EndpointSlice (owned by the Service, labelled {@code kubernetes.io/service-name}) listing the selected Pods
 * that have an IP: ready ones as addresses, the others as not ready. Pods get no IP here unless a test writes
 * {@code status.podIP} (with a Ready condition) itself, as the kubelet would. Runs on the collector's thread.
 */
final class ServiceEndpoints {
  static final String SERVICES = "/services";
  static final String PODS = "/pods";
  private static final String ENDPOINTS = "/endpoints";
  private static final String SLICES = "discovery.k8s.io/endpointslices";

  private final Store store;
  private final ResourceRegistry registry;
  private final ResourceWrites writes;

  ServiceEndpoints(Store store, ResourceRegistry registry, ResourceWrites writes) {
    this.store = store;
    this.registry = registry;
    this.writes = writes;
  }

  /** A Service or Pod changed or went: brings the endpoints of the Services concerned up to date. */
  void react(ObjectRef ref) {
    if (ref.storageKey().equals(SERVICES)) {
      store.write(() -> sync(ref.namespace(), ref.name()));
    } else {
      for (ObjectNode svc : store.list(SERVICES, ref.namespace())) {
        store.write(() -> sync(ref.namespace(), Objects.name(svc)));
      }
    }
  }

  /** Under the lock. */
  private void sync(String ns, String name) {
    ObjectNode svc = store.get(SERVICES, ns, name);
    ResourceType endpointsType = registry.byStorageKey(ENDPOINTS);
    ObjectNode endpoints = store.get(ENDPOINTS, ns, name);
    if (svc == null || Objects.terminating(svc) || !svc.path("spec").path("selector").isObject()
        || svc.path("spec").path("selector").isEmpty()) {
      if (svc == null && endpoints != null) {
        writes.deleteObject(endpointsType, endpoints, "Background");
      }
      return;
    }
    List<ObjectNode> pods = new ArrayList<>();
    for (ObjectNode pod : store.list(PODS, ns)) {
      if (!Objects.terminating(pod) && selects(svc.path("spec").path("selector"), pod) && Json.path(pod, "status.podIP") != null) {
        pods.add(pod);
      }
    }
    ArrayNode ports = ports(svc, pods);
    ObjectNode desired = endpoints == null ? newObject("v1", "Endpoints", ns, name) : endpoints.deepCopy();
    labels(desired, svc, false);
    desired.remove("subsets");
    if (!pods.isEmpty()) {
      ObjectNode subset = desired.putArray("subsets").addObject();
      for (ObjectNode pod : pods) {
        ObjectNode address = subset.withArrayProperty(ready(pod) ? "addresses" : "notReadyAddresses").addObject();
        address.put("ip", Json.path(pod, "status.podIP"));
        nodeName(address, pod);
        address.set("targetRef", targetRef(pod));
      }
      subset.set("ports", ports);
    }
    put(endpointsType, endpoints, desired);

    String sliceName = name + "-" + suffix(Objects.uid(svc));
    ObjectNode slice = store.get(SLICES, ns, sliceName);
    ObjectNode desiredSlice = slice == null ? newObject("discovery.k8s.io/v1", "EndpointSlice", ns, sliceName) : slice.deepCopy();
    labels(desiredSlice, svc, true);
    ObjectNode owner = Json.meta(desiredSlice).putArray("ownerReferences").addObject();
    owner.put("apiVersion", "v1");
    owner.put("kind", "Service");
    owner.put("name", name);
    owner.put("uid", Objects.uid(svc));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    desiredSlice.put("addressType", "IPv4");
    ArrayNode list = desiredSlice.putArray("endpoints");
    for (ObjectNode pod : pods) {
      ObjectNode e = list.addObject();
      e.putArray("addresses").add(Json.path(pod, "status.podIP"));
      ObjectNode conditions = e.putObject("conditions");
      conditions.put("ready", ready(pod));
      conditions.put("serving", ready(pod));
      conditions.put("terminating", false);
      nodeName(e, pod);
      e.set("targetRef", targetRef(pod));
    }
    desiredSlice.set("ports", ports.deepCopy());
    put(registry.byStorageKey(SLICES), slice, desiredSlice);
  }

  private void put(ResourceType type, ObjectNode current, ObjectNode desired) {
    if (current == null) {
      writes.prepareCreate(type, desired);
      writes.persistNew(type, desired);
    } else {
      writes.controllerUpdate(type, current, desired);
    }
  }

  private static ObjectNode newObject(String apiVersion, String kind, String ns, String name) {
    ObjectNode o = Json.object();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", ns);
    return o;
  }

  private static void labels(ObjectNode obj, ObjectNode svc, boolean slice) {
    ObjectNode labels = Json.object();
    JsonNode own = svc.path("metadata").get("labels");
    if (own != null && own.isObject()) {
      labels.setAll((ObjectNode) own);
    }
    if (slice) {
      labels.put("kubernetes.io/service-name", Objects.name(svc));
      labels.put("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
    }
    if (labels.isEmpty()) {
      Json.meta(obj).remove("labels");
    } else {
      Json.meta(obj).set("labels", labels);
    }
  }

  /** The Service's ports with their target ports resolved (a named targetPort from the first Pod declaring it). */
  private static ArrayNode ports(ObjectNode svc, List<ObjectNode> pods) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode p : svc.path("spec").path("ports")) {
      ObjectNode port = out.addObject();
      if (p.hasNonNull("name")) {
        port.put("name", p.get("name").asText());
      }
      JsonNode target = p.hasNonNull("targetPort") ? p.get("targetPort") : p.get("port");
      int number = target != null && target.canConvertToInt() ? target.asInt() : named(pods, target == null ? "" : target.asText(), p.path("port").asInt());
      port.put("port", number);
      port.put("protocol", p.hasNonNull("protocol") ? p.get("protocol").asText() : "TCP");
    }
    return out;
  }

  private static int named(List<ObjectNode> pods, String name, int fallback) {
    for (ObjectNode pod : pods) {
      for (JsonNode c : pod.path("spec").path("containers")) {
        for (JsonNode cp : c.path("ports")) {
          if (name.equals(Json.text(cp, "name"))) {
            return cp.path("containerPort").asInt(fallback);
          }
        }
      }
    }
    return fallback;
  }

  private static boolean selects(JsonNode selector, ObjectNode pod) {
    JsonNode labels = pod.path("metadata").path("labels");
    for (var e : selector.properties()) {
      if (!e.getValue().asText().equals(Json.text(labels, e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean ready(ObjectNode pod) {
    String phase = Json.path(pod, "status.phase");
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return false;
    }
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(Json.text(c, "type"))) {
        return "True".equals(Json.text(c, "status"));
      }
    }
    return false;
  }

  private static void nodeName(ObjectNode target, ObjectNode pod) {
    String node = Json.path(pod, "spec.nodeName");
    if (node != null) {
      target.put("nodeName", node);
    }
  }

  private static ObjectNode targetRef(ObjectNode pod) {
    ObjectNode ref = Json.object();
    ref.put("kind", "Pod");
    ref.put("namespace", Objects.namespace(pod));
    ref.put("name", Objects.name(pod));
    ref.put("uid", Objects.uid(pod));
    return ref;
  }

  /** Five stable lower-case characters from the Service's uid, in place of the controller's random suffix. */
  private static String suffix(String uid) {
    String alnum = uid == null ? "" : uid.replace("-", "").toLowerCase(Locale.ROOT);
    return alnum.length() >= 5 ? alnum.substring(0, 5) : "00000";
  }
}
