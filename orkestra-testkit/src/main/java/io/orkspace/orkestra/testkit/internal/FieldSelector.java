package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A field selector ({@code metadata.name=x,status.phase!=Running}) over the fields the real API server indexes for
 * each kind; other fields are rejected with 400 as there.
 */
final class FieldSelector implements Predicate<ObjectNode> {
  private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
  private static final Map<String, Set<String>> BY_RESOURCE = Map.of(
      "/pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
          "status.phase", "status.podIP", "status.nominatedNodeName"),
      "/events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
          "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
          "source", "type"),
      "events.k8s.io/events", Set.of("regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type",
          "reportingController"),
      "/secrets", Set.of("type"),
      "/namespaces", Set.of("status.phase"),
      "/nodes", Set.of("spec.unschedulable"),
      "/persistentvolumeclaims", Set.of("status.phase"),
      "batch/jobs", Set.of("status.successful"),
      "apps/replicasets", Set.of("status.replicas"));

  private record Term(String field, boolean equal, String value) {}

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  static FieldSelector parse(String selector, ResourceType type) {
    List<Term> terms = new ArrayList<>();
    if (selector != null && !selector.isBlank()) {
      for (String part : selector.split(",")) {
        String p = part.trim();
        int ne = p.indexOf("!=");
        int eq = p.indexOf('=');
        if (ne < 0 && eq < 0) {
          throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + p + "'");
        }
        String field = (ne >= 0 ? p.substring(0, ne) : p.substring(0, eq)).trim();
        String value = ne >= 0 ? p.substring(ne + 2) : p.substring(eq + (p.startsWith("==", eq) ? 2 : 1));
        if (!COMMON.contains(field) && !BY_RESOURCE.getOrDefault(type.storageKey(), Set.of()).contains(field)) {
          throw ApiException.badRequest("field label not supported: " + field);
        }
        terms.add(new Term(field, ne < 0, value.trim()));
      }
    }
    return new FieldSelector(List.copyOf(terms));
  }

  /** The name an {@code metadata.name=x} term pins, for single-object watches; null otherwise. */
  String exactName() {
    for (Term t : terms) {
      if (t.equal() && t.field().equals("metadata.name")) {
        return t.value();
      }
    }
    return null;
  }

  @Override
  public boolean test(ObjectNode obj) {
    for (Term t : terms) {
      String actual = Json.path(obj, t.field());
      if (actual == null) {
        actual = "";
      }
      if (actual.equals(t.value()) != t.equal()) {
        return false;
      }
    }
    return true;
  }
}
