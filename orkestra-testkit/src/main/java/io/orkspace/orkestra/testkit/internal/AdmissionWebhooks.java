package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission chain of the API server: the registered MutatingWebhookConfigurations (by name, each webhook in order,
 * {@code reinvocationPolicy: IfNeeded} honoured once), then the ValidatingWebhookConfigurations. A webhook is called
 * when its rules (operations, apiGroups, apiVersions, resources with subresources, scope; {@code matchPolicy} Exact or
 * Equivalent), {@code namespaceSelector} and {@code objectSelector} match; over HTTPS trusting its {@code caBundle},
 * within {@code timeoutSeconds}. JSONPatch responses are applied; a denial becomes the API server's Status; a failed call
 * fails the request or is ignored as {@code failurePolicy} says; dry runs reach only webhooks without side effects.
 * Never called under the store lock.
 */
final class AdmissionWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhooks.class);
  private static final String MUTATING = "admissionregistration.k8s.io/mutatingwebhookconfigurations";
  private static final String VALIDATING = "admissionregistration.k8s.io/validatingwebhookconfigurations";

  private final Store store;
  private final WebhookTransport transport;
  private final Conversions conversions;

  /** A webhook that matched, and the version of the resource it is to see. */
  private record Match(String configuration, JsonNode webhook, String version) {
    String name() {
      return Json.text(webhook, "name");
    }
  }

  AdmissionWebhooks(Store store, WebhookTransport transport, Conversions conversions) {
    this.store = store;
    this.transport = transport;
    this.conversions = conversions;
  }

  /** Whether any registered webhook's rules cover this request (no I/O; selectors are checked at call time). */
  boolean covers(Route r, String operation) {
    if (r.type().group().equals("admissionregistration.k8s.io")) {
      return false; // the API server never sends webhook configurations to webhooks
    }
    for (String key : List.of(MUTATING, VALIDATING)) {
      for (ObjectNode config : store.list(key, null)) {
        for (JsonNode w : config.path("webhooks")) {
          if (ruleVersion(w, r, operation) != null) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Runs the chain on a write: {@code object} is the new state (null for DELETE), {@code old} the current one (null for
   * CREATE), both in the request's version. Returns the object the mutating webhooks left (the input when none changed it).
   */
  ObjectNode admit(Route r, String operation, ObjectNode old, ObjectNode object, ApiRequest req) {
    ObjectNode current = object;
    if (object != null) {
      List<Match> mutating = matches(MUTATING, r, operation, old, object);
      int lastChange = -1;
      List<Integer> ran = new ArrayList<>();
      for (int i = 0; i < mutating.size(); i++) {
        ObjectNode next = call(mutating.get(i), r, operation, old, current, req, true);
        ran.add(i);
        if (!next.equals(current)) {
          lastChange = i;
          current = next;
        }
      }
      // reinvocationPolicy IfNeeded: a webhook that ran before a later change sees the object once more
      for (int i = 0; i < lastChange; i++) {
        if ("IfNeeded".equals(Json.text(mutating.get(i).webhook(), "reinvocationPolicy"))) {
          current = call(mutating.get(i), r, operation, old, current, req, true);
        }
      }
    }
    for (Match m : matches(VALIDATING, r, operation, old, current)) {
      call(m, r, operation, old, current, req, false);
    }
    return current;
  }

  private List<Match> matches(String key, Route r, String operation, ObjectNode old, ObjectNode object) {
    List<Match> out = new ArrayList<>();
    if (r.type().group().equals("admissionregistration.k8s.io")) {
      return out;
    }
    for (ObjectNode config : store.list(key, null)) { // ordered by name, as the API server orders them
      for (JsonNode w : config.path("webhooks")) {
        String version = ruleVersion(w, r, operation);
        if (version != null && namespaceMatches(w, r, object == null ? old : object) && objectMatches(w, old, object)) {
          out.add(new Match(Objects.name(config), w, version));
        }
      }
    }
    return out;
  }

  /** The version the webhook sees the request in when one of its rules matches, else null. */
  private static String ruleVersion(JsonNode webhook, Route r, String operation) {
    ResourceType t = r.type();
    String resource = r.subresource() == null ? t.plural() : t.plural() + "/" + r.subresource();
    boolean equivalent = !"Exact".equals(Json.text(webhook, "matchPolicy"));
    String scope = t.namespaced() ? "Namespaced" : "Cluster";
    for (JsonNode rule : webhook.path("rules")) {
      if (!contains(rule.path("operations"), operation) || !contains(rule.path("apiGroups"), t.group())
          || !resourceMatches(rule.path("resources"), resource)) {
        continue;
      }
      String ruleScope = Json.text(rule, "scope");
      if (ruleScope != null && !ruleScope.equals("*") && !ruleScope.equals(scope)) {
        continue;
      }
      if (contains(rule.path("apiVersions"), r.version())) {
        return r.version();
      }
      if (equivalent) {
        for (String v : t.versions()) {
          if (contains(rule.path("apiVersions"), v)) {
            return v;
          }
        }
      }
    }
    return null;
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode v : list) {
      if (v.asText().equals("*") || v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  // "*" all resources, "*/*" all with subresources, "pods/*", "*/status", or the exact name
  private static boolean resourceMatches(JsonNode list, String resource) {
    int slash = resource.indexOf('/');
    String main = slash < 0 ? resource : resource.substring(0, slash);
    String sub = slash < 0 ? null : resource.substring(slash + 1);
    for (JsonNode v : list) {
      String p = v.asText();
      if (p.equals(resource) || p.equals("*/*")) {
        return true;
      }
      if (sub == null ? p.equals("*") : p.equals(main + "/*") || p.equals("*/" + sub)) {
        return true;
      }
    }
    return false;
  }

  private boolean namespaceMatches(JsonNode webhook, Route r, ObjectNode object) {
    JsonNode selector = webhook.get("namespaceSelector");
    if (selector == null || selector.isNull() || selector.isEmpty()) {
      return true;
    }
    ObjectNode labelled;
    if (r.type() == BuiltInTypes.NAMESPACES) {
      labelled = object;
    } else if (!r.type().namespaced()) {
      return true; // the namespace selector does not apply to cluster-scoped resources
    } else {
      labelled = store.get(BuiltInTypes.NAMESPACES.storageKey(), null, r.namespace());
    }
    return labelled != null && selector(selector).test(labelled);
  }

  private static boolean objectMatches(JsonNode webhook, ObjectNode old, ObjectNode object) {
    JsonNode selector = webhook.get("objectSelector");
    if (selector == null || selector.isNull() || selector.isEmpty()) {
      return true;
    }
    LabelSelector s = selector(selector);
    return (object != null && s.test(object)) || (old != null && s.test(old));
  }

  /** A metav1.LabelSelector (matchLabels, matchExpressions) as the string form the server already parses. */
  private static LabelSelector selector(JsonNode sel) {
    List<String> parts = new ArrayList<>();
    sel.path("matchLabels").properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode ex : sel.path("matchExpressions")) {
      String key = Json.text(ex, "key");
      List<String> values = new ArrayList<>();
      ex.path("values").forEach(v -> values.add(v.asText()));
      String op = String.valueOf(Json.text(ex, "operator"));
      switch (op) {
        case "In":
          parts.add(key + " in (" + String.join(",", values) + ")");
          break;
        case "NotIn":
          parts.add(key + " notin (" + String.join(",", values) + ")");
          break;
        case "Exists":
          parts.add(key);
          break;
        case "DoesNotExist":
          parts.add("!" + key);
          break;
        default:
          throw ApiException.internal("invalid label selector operator \"" + op + "\" in a webhook configuration");
      }
    }
    return LabelSelector.parse(String.join(",", parts));
  }

  /** Calls one webhook; returns the object after its patch (mutating), or the same object. */
  private ObjectNode call(Match m, Route r, String operation, ObjectNode old, ObjectNode object, ApiRequest req, boolean mutating) {
    JsonNode w = m.webhook();
    String name = m.name();
    String sideEffects = Json.text(w, "sideEffects");
    if (req.dryRun() && !"None".equals(sideEffects) && !"NoneOnDryRun".equals(sideEffects)) {
      throw ApiException.badRequest("admission webhook \"" + name + "\" does not support dry run");
    }
    ResourceType t = r.type();
    ObjectNode sentObject = object == null ? null : conversions.toVersion(t, object, m.version());
    ObjectNode sentOld = old == null ? null : conversions.toVersion(t, old, m.version());
    String uid = UUID.randomUUID().toString();
    ObjectNode review = review(uid, m.version(), r, operation, sentOld, sentObject, req);
    int timeout = w.path("timeoutSeconds").asInt(10);
    ObjectNode answer;
    try {
      answer = transport.post(w.path("clientConfig"), review, Duration.ofSeconds(Math.max(1, Math.min(30, timeout))));
      if (!uid.equals(Json.text(answer.path("response"), "uid"))) {
        throw new WebhookTransport.CallFailure("expected response.uid=\"" + uid + "\", got \"" + Json.text(answer.path("response"), "uid") + "\"");
      }
    } catch (WebhookTransport.CallFailure e) {
      if ("Ignore".equals(Json.text(w, "failurePolicy"))) {
        LOG.info("failed calling webhook \"{}\" (failurePolicy Ignore, request allowed): {}", name, e.getMessage());
        return object;
      }
      throw ApiException.internal("failed calling webhook \"" + name + "\": failed to call webhook: " + e.getMessage());
    }
    JsonNode response = answer.path("response");
    if (!response.path("allowed").asBoolean(false)) {
      throw denial(name, response.path("result").isObject() ? response.path("result") : response.path("status"));
    }
    String patch = Json.text(response, "patch");
    if (!mutating || patch == null || patch.isEmpty()) {
      return object;
    }
    ObjectNode patched;
    try {
      if (!"JSONPatch".equals(Json.text(response, "patchType"))) {
        throw new IllegalArgumentException("unsupported patchType " + Json.text(response, "patchType"));
      }
      JsonNode ops = Json.MAPPER.readTree(Base64.getDecoder().decode(patch));
      JsonNode result = JsonPatch.apply(ops, sentObject);
      if (!result.isObject()) {
        throw new IllegalArgumentException("the patch did not produce an object");
      }
      patched = (ObjectNode) result;
    } catch (java.io.IOException | RuntimeException e) {
      if ("Ignore".equals(Json.text(w, "failurePolicy"))) {
        return object;
      }
      throw ApiException.internal("failed calling webhook \"" + name + "\": the patch could not be applied: " + e.getMessage());
    }
    return m.version().equals(r.version()) ? patched : conversions.toVersion(t, patched, r.version());
  }

  private static ObjectNode review(String uid, String version, Route r, String operation, ObjectNode old, ObjectNode object, ApiRequest req) {
    ResourceType t = r.type();
    ObjectNode review = Json.object();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode q = review.putObject("request");
    q.put("uid", uid);
    gvk(q.putObject("kind"), t.group(), version, "kind", t.kind());
    gvk(q.putObject("resource"), t.group(), version, "resource", t.plural());
    if (r.subresource() != null) {
      q.put("subResource", r.subresource());
      q.put("requestSubResource", r.subresource());
    }
    gvk(q.putObject("requestKind"), t.group(), r.version(), "kind", t.kind());
    gvk(q.putObject("requestResource"), t.group(), r.version(), "resource", t.plural());
    String name = r.name() != null ? r.name() : object == null ? null : Objects.name(object);
    if (name != null) {
      q.put("name", name);
    }
    if (r.namespace() != null) {
      q.put("namespace", r.namespace());
    }
    q.put("operation", operation);
    ObjectNode user = q.putObject("userInfo");
    user.put("username", "system:admin");
    ArrayNode groups = user.putArray("groups");
    groups.add("system:masters");
    groups.add("system:authenticated");
    q.set("object", object);
    q.set("oldObject", old);
    q.put("dryRun", req.dryRun());
    ObjectNode options = q.putObject("options");
    options.put("apiVersion", "meta.k8s.io/v1");
    options.put("kind", operation.equals("CREATE") ? "CreateOptions" : operation.equals("DELETE") ? "DeleteOptions"
        : req.method().equals("PATCH") ? "PatchOptions" : "UpdateOptions");
    if (!operation.equals("DELETE")) {
      options.put("fieldManager", req.fieldManager());
    }
    return review;
  }

  private static void gvk(ObjectNode n, String group, String version, String field, String value) {
    n.put("group", group);
    n.put("version", version);
    n.put(field, value);
  }

  /** As the API server words it: {@code admission webhook "x" denied the request: <message>}, code 400 or above. */
  private static ApiException denial(String webhook, JsonNode result) {
    String denied = "admission webhook \"" + webhook + "\" denied the request";
    String message = Json.text(result, "message");
    String reason = Json.text(result, "reason");
    int code = result.path("code").asInt(0);
    if (code < 400) {
      code = 400;
    }
    String text = message != null && !message.isEmpty() ? denied + ": " + message
        : reason != null && !reason.isEmpty() ? denied + ": " + reason : denied + " without explanation";
    JsonNode details = result.get("details");
    return new ApiException(code, reason == null || reason.isEmpty() ? ApiException.reasonFor(code) : reason, text,
        details instanceof ObjectNode ? ((ObjectNode) details).deepCopy() : null);
  }
}
