package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.internal.Diff;
import io.orkspace.orkestra.webhook.internal.Json;
import io.orkspace.orkestra.webhook.internal.Reviews;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@code admission.k8s.io/v1} AdmissionReviews with the {@link Admission} rules of a Katalog's CRD entries.
 *
 * <ul>
 *   <li>{@link #validate}: denied (code 400, reason Invalid) with every {@code action: deny} rule's message joined
 *       by "; "; {@code action: warn} rules become response warnings. DELETE is checked against {@code oldObject}.</li>
 *   <li>{@link #mutate}: allowed with a base64 JSONPatch ({@code patchType: JSONPatch}) when rules changed the object;
 *       denied (code 400) naming each rule that could not be applied.</li>
 *   <li>Both: operations outside {@code webhooks.operations} are allowed untouched; a namespace outside
 *       {@code allowedNamespaces} or inside {@code restrictedNamespaces} is denied (code 403, reason Forbidden) on
 *       CREATE and UPDATE.</li>
 * </ul>
 *
 * <p>Routing: with an entry name (the {@code /validate/<entry>} and {@code /mutate/<entry>} routes) that entry's rules;
 * without one, the entry whose group, version and kind equal {@code request.kind}, else every entry with that group
 * and kind. A kind no entry covers is allowed untouched.
 */
public final class AdmissionReviewHandler {

    private static final List<String> VERSIONS = List.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final Map<String, Admission> byEntry = new LinkedHashMap<>();

    private AdmissionReviewHandler(Katalog katalog) {
        for (CrdEntry e : katalog.crds().values()) {
            byEntry.put(e.name(), Admission.of(e));
        }
    }

    public static AdmissionReviewHandler of(Katalog katalog) {
        return new AdmissionReviewHandler(katalog);
    }

    /** The rules of an entry, by name. */
    public Optional<Admission> admission(String entryName) {
        return Optional.ofNullable(byEntry.get(entryName));
    }

    /** Answers a review on {@code /validate}; {@code entryName} (may be null) is the entry named by the route. */
    public byte[] validate(byte[] body, String entryName) throws BadReviewException {
        return Json.write(validate(Reviews.parse(body, "AdmissionReview", VERSIONS), entryName));
    }

    /** Answers a review on {@code /mutate}. */
    public byte[] mutate(byte[] body, String entryName) throws BadReviewException {
        return Json.write(mutate(Reviews.parse(body, "AdmissionReview", VERSIONS), entryName));
    }

    /** Same as {@link #validate(byte[], String)} on a parsed review. */
    public Map<String, Object> validate(Map<String, Object> review, String entryName) throws BadReviewException {
        Request r = request(review, entryName);
        Map<String, Object> response = allowed(r.uid());
        if (r.admissions().isEmpty()) {
            return reply(review, response);
        }
        Map<String, Object> target = r.operation().equals("DELETE") ? r.oldObject() : r.object();
        List<String> denials = new ArrayList<>();
        List<Map<String, Object>> causes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Admission a : r.admissions()) {
            if (!a.intercepts(r.operation())) {
                continue;
            }
            if (r.checksNamespace()) {
                Optional<String> ns = a.namespaceDenial(r.namespace());
                if (ns.isPresent()) {
                    return reply(review, denied(response, 403, "Forbidden", ns.get(), List.of()));
                }
            }
            if (target == null) {
                continue;
            }
            Admission.Verdict v = a.validate(target, Admission.Phase.ADMISSION);
            for (Admission.Violation d : v.denials()) {
                denials.add(d.describe());
                Map<String, Object> cause = new LinkedHashMap<>();
                cause.put("reason", "FieldValueInvalid");
                cause.put("message", d.message());
                cause.put("field", d.field());
                causes.add(cause);
            }
            v.warnings().forEach(w -> warnings.add(w.describe()));
        }
        if (!warnings.isEmpty()) {
            response.put("warnings", warnings);
        }
        if (!denials.isEmpty()) {
            denied(response, 400, "Invalid", String.join("; ", denials), causes);
        }
        return reply(review, response);
    }

    /** Same as {@link #mutate(byte[], String)} on a parsed review. */
    public Map<String, Object> mutate(Map<String, Object> review, String entryName) throws BadReviewException {
        Request r = request(review, entryName);
        Map<String, Object> response = allowed(r.uid());
        boolean writes = r.operation().equals("CREATE") || r.operation().equals("UPDATE");
        if (r.admissions().isEmpty() || !writes) {
            return reply(review, response);
        }
        Map<String, Object> original = r.object();
        Map<String, Object> current = original;
        List<String> errors = new ArrayList<>();
        for (Admission a : r.admissions()) {
            if (!a.intercepts(r.operation())) {
                continue;
            }
            Optional<String> ns = a.namespaceDenial(r.namespace());
            if (ns.isPresent()) {
                return reply(review, denied(response, 403, "Forbidden", ns.get(), List.of()));
            }
            Admission.Mutated m = a.mutate(current, Admission.Phase.ADMISSION);
            errors.addAll(m.errors());
            current = m.object();
        }
        if (!errors.isEmpty()) {
            return reply(review, denied(response, 400, "Invalid", "mutation failed: " + String.join("; ", errors), List.of()));
        }
        List<Map<String, Object>> patch = Diff.jsonPatch(original, current);
        if (!patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(Json.write(patch)));
        }
        return reply(review, response);
    }

    private record Request(String uid, String operation, String namespace, Map<String, Object> object,
                           Map<String, Object> oldObject, List<Admission> admissions) {
        boolean checksNamespace() {
            return operation.equals("CREATE") || operation.equals("UPDATE");
        }
    }

    private Request request(Map<String, Object> review, String entryName) throws BadReviewException {
        Map<String, Object> request = Reviews.object(review, "request", "request");
        String uid = Reviews.string(request, "uid", "request.uid");
        Map<String, Object> kind = Reviews.object(request, "kind", "request.kind");
        String group = Reviews.optionalString(kind, "group", "request.kind.group");
        String version = Reviews.optionalString(kind, "version", "request.kind.version");
        String k = Reviews.string(kind, "kind", "request.kind.kind");
        String operation = Reviews.string(request, "operation", "request.operation");
        if (!OPERATIONS.contains(operation)) {
            throw BadReviewException.malformed("request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got \""
                    + Json.oneLine(operation.length() > 40 ? operation.substring(0, 40) : operation) + "\"");
        }
        Map<String, Object> object = Reviews.optionalObject(request, "object", "request.object");
        Map<String, Object> oldObject = Reviews.optionalObject(request, "oldObject", "request.oldObject");
        if (object == null && (operation.equals("CREATE") || operation.equals("UPDATE"))) {
            throw BadReviewException.malformed("request.object is missing (required for " + operation + ")");
        }
        String namespace = Reviews.optionalString(request, "namespace", "request.namespace");
        if (namespace.isEmpty() && object != null && object.get("metadata") instanceof Map<?, ?> meta
                && meta.get("namespace") instanceof String ns) {
            namespace = ns;
        }
        return new Request(uid, operation, namespace, object, oldObject, route(entryName, group, version, k));
    }

    private List<Admission> route(String entryName, String group, String version, String kind) throws BadReviewException {
        if (entryName != null) {
            Admission a = byEntry.get(entryName);
            if (a == null) {
                throw new BadReviewException(404, "no CRD entry \"" + entryName + "\" in this Katalog (entries: "
                        + String.join(", ", byEntry.keySet()) + ")");
            }
            return List.of(a);
        }
        List<Admission> exact = new ArrayList<>();
        List<Admission> sameKind = new ArrayList<>();
        for (Admission a : byEntry.values()) {
            var t = a.entry().apiTypes();
            String g = t.group() == null ? "" : t.group();
            if (g.equals(group) && kind.equals(t.kind())) {
                sameKind.add(a);
                if (version.equals(t.version())) {
                    exact.add(a);
                }
            }
        }
        return exact.isEmpty() ? sameKind : exact;
    }

    private static Map<String, Object> allowed(String uid) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        response.put("allowed", true);
        return response;
    }

    private static Map<String, Object> denied(Map<String, Object> response, int code, String reason, String message,
                                              List<Map<String, Object>> causes) {
        response.put("allowed", false);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        if (!causes.isEmpty()) {
            status.put("details", Map.of("causes", causes));
        }
        response.put("status", status);
        response.remove("patch");
        response.remove("patchType");
        return response;
    }

    private static Map<String, Object> reply(Map<String, Object> review, Map<String, Object> response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", review.get("apiVersion"));
        out.put("kind", "AdmissionReview");
        out.put("response", response);
        return out;
    }
}
