package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Create, update, patch and delete with the API server's semantics: optimistic concurrency, status subresource,
 * generation, managedFields, finalizers, no-op writes that change nothing.
 */
final class ResourceWrites {
  static final String CONTROLLER_MANAGER = "kube-controller-manager";

  private final Store store;
  private final ResourceRegistry registry;
  private final Defaults defaults = new Defaults();
  Collector collector;
  /** Admission and conversion webhooks; writes they take part in are staged (see {@link StagedWrites}). */
  StagedWrites staged;

  ResourceWrites(Store store, ResourceRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  // ---- create ----

  ObjectNode create(Route r, ApiRequest req) {
    if (r.name() != null || r.subresource() != null) {
      throw ApiException.methodNotAllowed("POST is not supported on a single object; use PUT or PATCH");
    }
    ObjectNode obj = Json.parseObject(req.body(), false);
    checkKind(r, obj);
    String ns = placeNamespace(r, obj);
    ObjectNode meta = Json.meta(obj);
    boolean generated = false;
    if (Objects.name(obj) == null || Objects.name(obj).isEmpty()) {
      String prefix = Json.text(meta, "generateName");
      if (prefix == null || prefix.isEmpty()) {
        throw ApiException.invalid(r.type(), "", "metadata.name", "Required value: name or generateName is required", "FieldValueRequired");
      }
      meta.put("name", Names.generate(prefix));
      generated = true;
    }
    Names.validate(r.type(), Objects.name(obj));
    r.type().crd().normalize(obj); // as decoding does: admission webhooks see the pruned, defaulted object
    boolean regenerate = generated;
    ObjectNode admitted = staged.involved(r, "CREATE") ? staged.admitNew(r, obj, req) : obj;
    return store.write(() -> {
      ObjectNode m = Json.meta(admitted);
      checkNamespace(r.type(), ns, Objects.name(admitted));
      while (store.get(r.type().storageKey(), ns, Objects.name(admitted)) != null) {
        if (!regenerate) {
          throw ApiException.alreadyExists(r.type(), Objects.name(admitted));
        }
        m.put("name", Names.generate(Json.text(m, "generateName")));
      }
      prepareCreate(r.type(), admitted);
      ManagedFields.recordUpdate(null, admitted, r.type(), req.fieldManager(), null, r.apiVersion(), Clock.now());
      return req.dryRun() ? admitted : persistNew(r.type(), admitted);
    });
  }

  void prepareCreate(ResourceType type, ObjectNode obj) {
    ObjectNode meta = Json.meta(obj);
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Clock.now());
    meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields"));
    if (type.generation()) {
      meta.put("generation", 1);
    } else {
      meta.remove("generation");
    }
    if (type.statusSubresource()) {
      Defaults.initialStatus(type, obj);
    }
    if (type == BuiltInTypes.CRD) {
      ResourceRegistry.fromCrd(obj);
    }
    defaults.apply(type, obj, null);
    type.crd().normalize(obj);
    type.crd().validate(type, obj, null);
  }

  ObjectNode persistNew(ResourceType type, ObjectNode obj) {
    ObjectNode stored = store.put(type.storageKey(), obj, null);
    collector.changed(stored, type);
    if (type == BuiltInTypes.CRD) {
      registry.registerCrd(stored);
    }
    return stored;
  }

  // ---- update and patch ----

  ObjectNode update(Route r, ApiRequest req) {
    requireName(r, "PUT");
    ObjectNode body = Json.parseObject(req.body(), false);
    checkKind(r, body);
    placeNamespace(r, body);
    String name = Objects.name(body);
    if (name != null && !name.equals(r.name())) {
      throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + r.name() + ")");
    }
    Json.meta(body).put("name", r.name());
    UnaryOperator<ObjectNode> change = current -> {
      checkResourceVersion(r, body, current);
      return body.deepCopy();
    };
    if (staged.involved(r, "UPDATE")) {
      return staged.write(r, req, req.fieldManager(), true, change, null).object();
    }
    return store.write(() -> {
      ObjectNode current = existing(r);
      return finishUpdate(r, current, change.apply(current), req.fieldManager(), req.dryRun(), true);
    });
  }

  /** Returns the patched object and whether it was created (server-side apply on an absent object). */
  Patched patch(Route r, ApiRequest req) {
    requireName(r, "PATCH");
    String media = req.mediaType();
    if ("application/apply-patch+yaml".equals(media) || "application/apply-patch+json".equals(media)) {
      return apply(r, req);
    }
    if (!"application/json-patch+json".equals(media) && !"application/merge-patch+json".equals(media)
        && !("application/strategic-merge-patch+json".equals(media) && r.type().listTypes() instanceof BuiltInListTypes)) {
      throw ApiException.unsupportedMediaType(req.contentType());
    }
    JsonNode patch = Json.parse(req.body());
    UnaryOperator<ObjectNode> change = current -> {
      ObjectNode view = Objects.render(current, r.apiVersion());
      JsonNode patched;
      if ("application/json-patch+json".equals(media)) {
        patched = Patches.jsonPatch(view, patch, r.type(), r.name());
      } else if ("application/merge-patch+json".equals(media)) {
        if (!patch.isObject()) {
          throw ApiException.badRequest("the merge patch must be a JSON object");
        }
        patched = Patches.mergePatch(view, patch);
      } else {
        patched = Patches.strategic(view, patch, r.type().listTypes());
      }
      if (!patched.isObject()) {
        throw new ApiException(422, "Invalid", "the patch did not produce an object", null);
      }
      ObjectNode obj = (ObjectNode) patched;
      if (!r.type().kind().equals(Json.text(obj, "kind")) || !r.name().equals(Objects.name(obj))) {
        throw ApiException.badRequest("a patch may not change the kind or name of an object");
      }
      checkResourceVersion(r, obj, current);
      return obj;
    };
    if (staged.involved(r, "UPDATE")) {
      return staged.write(r, req, req.fieldManager(), true, change, null);
    }
    return store.write(() -> {
      ObjectNode current = existing(r);
      return new Patched(finishUpdate(r, current, change.apply(current), req.fieldManager(), req.dryRun(), true), false);
    });
  }

  record Patched(ObjectNode object, boolean created) {}

  private Patched apply(Route r, ApiRequest req) {
    String manager = req.param("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw ApiException.badRequest("PATCH requests with apply must have fieldManager set");
    }
    ObjectNode applied = Json.parseObject(req.body(), true);
    checkKind(r, applied);
    placeNamespace(r, applied);
    String name = Objects.name(applied);
    if (name == null || !name.equals(r.name())) {
      throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + r.name() + ")");
    }
    boolean status = "status".equals(r.subresource());
    if (r.type().statusSubresource()) {
      if (status) {
        ObjectNode only = Json.object();
        only.set("apiVersion", applied.get("apiVersion"));
        only.set("kind", applied.get("kind"));
        only.putObject("metadata").put("name", name);
        if (applied.has("status")) {
          only.set("status", applied.get("status"));
        }
        applied = only;
      } else {
        applied.remove("status");
      }
    }
    ObjectNode config = applied;
    boolean force = req.flag("force");
    UnaryOperator<ObjectNode> change = current -> {
      checkResourceVersion(r, config, current);
      return ServerSideApply.apply(r.type(), current, config, manager, force, r.subresource(), r.apiVersion(), Clock.now());
    };
    Supplier<ObjectNode> creation = () -> {
      if (status) {
        throw ApiException.notFound(r.type(), r.name());
      }
      Names.validate(r.type(), name);
      ObjectNode created = ServerSideApply.apply(r.type(), null, config, manager, force, null, r.apiVersion(), Clock.now());
      created.put("apiVersion", r.apiVersion());
      created.put("kind", r.type().kind());
      return created;
    };
    if (staged.involved(r, "UPDATE") || staged.involved(r, "CREATE")) {
      return staged.write(r, req, manager, false, change, creation);
    }
    return store.write(() -> {
      ObjectNode current = store.get(r.type().storageKey(), r.namespace(), r.name());
      if (current == null) {
        checkNamespace(r.type(), r.namespace(), name);
        return new Patched(createApplied(r.type(), creation.get(), req.dryRun()), true);
      }
      return new Patched(finishUpdate(r, current, change.apply(current), manager, req.dryRun(), false), false);
    });
  }

  /** Under the lock: stores an object server-side apply created (its managedFields kept). */
  ObjectNode createApplied(ResourceType type, ObjectNode created, boolean dryRun) {
    ObjectNode mf = (ObjectNode) created.path("metadata").get("managedFields").get(0).deepCopy();
    prepareCreate(type, created);
    Json.meta(created).putArray("managedFields").add(mf);
    return dryRun ? created : persistNew(type, created);
  }

  /**
   * Under the lock: turns a desired state into the stored one (server-owned metadata kept, status rules, finalizer
   * rules, generation, managedFields) and persists it unless nothing changed.
   */
  ObjectNode finishUpdate(Route r, ObjectNode current, ObjectNode desired, String manager, boolean dryRun, boolean trackUpdate) {
    return commit(r.type(), current, prepareUpdate(r, current, desired, manager, trackUpdate), dryRun);
  }

  /**
   * Turns a desired state into the one to store (server-owned metadata kept, status rules, custom resources pruned and
   * defaulted, finalizer rules, generation, managedFields); stores nothing. Schema validation waits for {@link #commit},
   * after the admission webhooks.
   */
  ObjectNode prepareUpdate(Route r, ObjectNode current, ObjectNode desired, String manager, boolean trackUpdate) {
    ResourceType type = r.type();
    String sub = r.subresource();
    desired.put("apiVersion", r.apiVersion());
    desired.put("kind", type.kind());
    ObjectNode meta = Json.meta(desired);
    ObjectNode oldMeta = (ObjectNode) current.get("metadata");
    for (String f : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation",
        "resourceVersion")) {
      if (oldMeta.has(f)) {
        meta.set(f, oldMeta.get(f));
      } else {
        meta.remove(f);
      }
    }
    if (trackUpdate) {
      JsonNode mf = meta.get("managedFields");
      boolean reset = mf != null && mf.isArray() && mf.size() == 1 && mf.get(0).isEmpty();
      if (reset || !oldMeta.has("managedFields")) {
        meta.remove("managedFields");
      } else {
        meta.set("managedFields", oldMeta.get("managedFields"));
      }
    }
    if ("status".equals(sub) || "finalize".equals(sub)) {
      ObjectNode base = current.deepCopy();
      if ("status".equals(sub)) {
        if (desired.has("status")) {
          base.set("status", desired.get("status"));
        } else {
          base.remove("status");
        }
      } else {
        base.withObjectProperty("spec").set("finalizers", desired.path("spec").path("finalizers").deepCopy());
      }
      if (meta.has("managedFields")) {
        Json.meta(base).set("managedFields", meta.get("managedFields"));
      } else {
        Json.meta(base).remove("managedFields");
      }
      desired = base;
    } else if (type.statusSubresource()) {
      if (current.has("status")) {
        desired.set("status", current.get("status"));
      } else {
        desired.remove("status");
      }
    }
    if (type == BuiltInTypes.CRD) {
      ResourceRegistry.fromCrd(desired);
    }
    type.crd().normalize(desired);
    defaults.apply(type, desired, current);
    if (Objects.terminating(current)) {
      List<String> before = Objects.finalizers(current);
      for (String f : Objects.finalizers(desired)) {
        if (!before.contains(f)) {
          throw ApiException.invalid(type, r.name(), "metadata.finalizers", "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers [\"" + f + "\"]", "FieldValueForbidden");
        }
      }
    }
    if (type.generation() && specChanged(type, current, desired)) {
      Json.meta(desired).put("generation", current.path("metadata").path("generation").asLong(0) + 1);
    }
    if (trackUpdate) {
      ManagedFields.recordUpdate(current, desired, type, manager, sub, r.apiVersion(), Clock.now());
    }
    return desired;
  }

  /**
   * Under the lock: validates a prepared update against the custom resource's schema and persists it unless it changes
   * nothing; removes a finalized terminating object.
   */
  ObjectNode commit(ResourceType type, ObjectNode current, ObjectNode desired, boolean dryRun) {
    if (desired.equals(current)) {
      return current;
    }
    type.crd().validate(type, desired, current);
    if (dryRun) {
      return desired;
    }
    ObjectNode stored = store.put(type.storageKey(), desired, current);
    collector.changed(stored, type);
    if (type == BuiltInTypes.CRD) {
      registry.registerCrd(stored);
    }
    if (Objects.terminating(stored) && Objects.finalizers(stored).isEmpty() && finalizedNamespace(type, stored)) {
      removeNow(type, stored);
    }
    return stored;
  }

  private static boolean finalizedNamespace(ResourceType type, ObjectNode obj) {
    return type != BuiltInTypes.NAMESPACES || obj.path("spec").path("finalizers").isEmpty();
  }

  /** Whether anything but metadata (and status, when it is a subresource) changed. */
  private static boolean specChanged(ResourceType type, ObjectNode a, ObjectNode b) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    for (ObjectNode o : List.of(x, y)) {
      o.remove(List.of("metadata", "apiVersion", "kind"));
      if (type.statusSubresource()) {
        o.remove("status");
      }
    }
    return !x.equals(y);
  }

  // ---- delete ----

  ObjectNode delete(Route r, ApiRequest req) {
    requireName(r, "DELETE");
    ObjectNode options = req.body().length == 0 ? Json.object() : Json.parseObject(req.body(), false);
    String policy = policy(req, options);
    boolean dryRun = req.dryRun() || options.path("dryRun").toString().contains("All");
    if (staged.involved(r, "DELETE")) {
      staged.admitDelete(r, req);
    }
    return store.write(() -> {
      ObjectNode current = existing(r);
      JsonNode pre = options.get("preconditions");
      if (pre != null && pre.hasNonNull("uid") && !pre.get("uid").asText().equals(Objects.uid(current))) {
        throw ApiException.conflict(r.type(), r.name(), "Precondition failed: UID in precondition: " + pre.get("uid").asText()
            + ", UID in object meta: " + Objects.uid(current));
      }
      if (pre != null && pre.hasNonNull("resourceVersion") && !pre.get("resourceVersion").asText().equals(Json.path(current, "metadata.resourceVersion"))) {
        throw ApiException.conflict(r.type(), r.name(), "Precondition failed: ResourceVersion in precondition: " + pre.get("resourceVersion").asText()
            + ", ResourceVersion in object meta: " + Json.path(current, "metadata.resourceVersion"));
      }
      return dryRun ? current : deleteObject(r.type(), current, policy);
    });
  }

  List<ObjectNode> deleteCollection(Route r, ApiRequest req, List<ObjectNode> matching) {
    ObjectNode options = req.body().length == 0 ? Json.object() : Json.parseObject(req.body(), false);
    String policy = policy(req, options);
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode obj : matching) {
      ObjectNode result = store.write(() -> {
        ObjectNode current = store.get(r.type().storageKey(), Objects.namespace(obj), Objects.name(obj));
        return current == null || req.dryRun() ? current : deleteObject(r.type(), current, policy);
      });
      if (result != null) {
        out.add(result);
      }
    }
    return out;
  }

  private static String policy(ApiRequest req, ObjectNode options) {
    String policy = req.param("propagationPolicy");
    if (policy == null) {
      policy = Json.text(options, "propagationPolicy");
    }
    if (policy == null && options.has("orphanDependents")) {
      policy = options.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
    }
    if (policy == null && req.param("orphanDependents") != null) {
      policy = req.flag("orphanDependents") ? "Orphan" : "Background";
    }
    if (policy != null && !List.of("Background", "Foreground", "Orphan").contains(policy)) {
      throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy + "\": supported values: \"Background\", \"Foreground\", \"Orphan\"");
    }
    return policy == null ? "Background" : policy;
  }

  /** Under the lock: deletes now, or marks terminating when finalizers (or a namespace's contents) must go first. */
  ObjectNode deleteObject(ResourceType type, ObjectNode current, String policy) {
    if (Objects.terminating(current)) {
      return current;
    }
    List<String> finalizers = Objects.finalizers(current);
    if (policy.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
      finalizers.add("foregroundDeletion");
    } else if (policy.equals("Orphan") && !finalizers.contains("orphan")) {
      finalizers.add("orphan");
    }
    if (finalizers.isEmpty() && type != BuiltInTypes.NAMESPACES) {
      return removeNow(type, current);
    }
    ObjectNode marked = current.deepCopy();
    ObjectNode meta = Json.meta(marked);
    meta.put("deletionTimestamp", Clock.now());
    meta.put("deletionGracePeriodSeconds", 0);
    Objects.setFinalizers(marked, finalizers);
    if (type.generation()) {
      meta.put("generation", meta.path("generation").asLong(0) + 1);
    }
    if (type == BuiltInTypes.NAMESPACES) {
      marked.withObjectProperty("status").put("phase", "Terminating");
    }
    ObjectNode stored = store.put(type.storageKey(), marked, current);
    collector.terminating(type, stored);
    return stored;
  }

  /** Under the lock: removes the object and lets the collector react (dependents, namespaces, CRD instances). */
  ObjectNode removeNow(ResourceType type, ObjectNode current) {
    ObjectNode removed = store.remove(type.storageKey(), current);
    if (removed == null) {
      return current;
    }
    if (type == BuiltInTypes.CRD) {
      ResourceType crType = ResourceRegistry.fromCrd(current);
      for (ObjectNode cr : store.list(crType.storageKey(), null)) {
        store.remove(crType.storageKey(), cr);
      }
      registry.unregisterCrd(crType.storageKey());
    }
    collector.removed(type, removed);
    return removed;
  }

  // ---- used by the collector ----

  /** Under the lock: writes an object as the controller manager would (finalizer removal, owner reference edits). */
  void controllerUpdate(ResourceType type, ObjectNode current, ObjectNode desired) {
    Route r = new Route(type, apiVersionOf(current, type), Objects.namespace(current), Objects.name(current), null);
    finishUpdate(r, current, desired, CONTROLLER_MANAGER, false, true);
  }

  /** Under the lock: a status write as a controller would make it. */
  void controllerStatusUpdate(ResourceType type, ObjectNode current, ObjectNode desired) {
    Route r = new Route(type, apiVersionOf(current, type), Objects.namespace(current), Objects.name(current), "status");
    finishUpdate(r, current, desired, CONTROLLER_MANAGER, false, true);
  }

  private static String apiVersionOf(ObjectNode obj, ResourceType type) {
    String av = Json.text(obj, "apiVersion");
    String version = av == null ? type.versions().get(0) : av.substring(av.indexOf('/') + 1);
    return type.serves(version) ? version : type.versions().get(0);
  }

  // ---- checks ----

  ObjectNode existing(Route r) {
    ObjectNode current = store.get(r.type().storageKey(), r.namespace(), r.name());
    if (current == null) {
      throw ApiException.notFound(r.type(), r.name());
    }
    return current;
  }

  private static void requireName(Route r, String method) {
    if (r.name() == null) {
      throw ApiException.methodNotAllowed(method + " is not supported on a collection");
    }
  }

  private static void checkResourceVersion(Route r, ObjectNode body, ObjectNode current) {
    String rv = Json.path(body, "metadata.resourceVersion");
    if (rv != null && !rv.isEmpty() && !rv.equals(Json.path(current, "metadata.resourceVersion"))) {
      throw ApiException.conflict(r.type(), r.name(), "the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  private static void checkKind(Route r, ObjectNode obj) {
    String kind = Json.text(obj, "kind");
    String apiVersion = Json.text(obj, "apiVersion");
    if (kind == null || kind.isEmpty()) {
      throw ApiException.badRequest("Object 'Kind' is missing in '" + Json.string(obj) + "'");
    }
    if (!kind.equals(r.type().kind()) || (apiVersion != null && !apiVersion.equals(r.apiVersion()))) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
          + r.apiVersion() + ") or the kind (" + kind + ") is not " + r.type().kind());
    }
    obj.put("apiVersion", r.apiVersion());
    if (!obj.path("metadata").isObject() && obj.has("metadata")) {
      throw ApiException.badRequest("metadata must be an object");
    }
    if (r.type().listTypes() instanceof BuiltInListTypes) {
      for (String f : List.of("spec", "status")) {
        JsonNode v = obj.get(f);
        if (v != null && !v.isObject() && !v.isNull()) {
          throw ApiException.badRequest("json: cannot unmarshal " + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + " into Go struct field " + kind + "." + f + " of type object");
        }
      }
    }
  }

  /** Reconciles the body's namespace with the URL's; returns it (null when cluster-scoped). */
  private static String placeNamespace(Route r, ObjectNode obj) {
    ObjectNode meta = Json.meta(obj);
    if (!r.type().namespaced()) {
      meta.remove("namespace");
      return null;
    }
    String inBody = Json.text(meta, "namespace");
    if (r.namespace() == null) {
      throw ApiException.badRequest("a namespaced resource needs a namespace in the URL");
    }
    if (inBody != null && !inBody.isEmpty() && !inBody.equals(r.namespace())) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.put("namespace", r.namespace());
    return r.namespace();
  }

  /** A namespaced object needs an existing namespace that is not terminating. */
  void checkNamespace(ResourceType type, String ns, String name) {
    if (!type.namespaced()) {
      return;
    }
    ObjectNode namespace = store.get(BuiltInTypes.NAMESPACES.storageKey(), null, ns);
    if (namespace == null) {
      throw ApiException.notFound(BuiltInTypes.NAMESPACES, ns);
    }
    if (Objects.terminating(namespace)) {
      throw ApiException.forbidden(type, name, "unable to create new content in namespace " + ns + " because it is being terminated");
    }
  }

  static ArrayNode array() {
    return Json.MAPPER.createArrayNode();
  }
}
