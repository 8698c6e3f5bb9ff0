package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.internal.Json;
import io.orkspace.orkestra.webhook.internal.Reviews;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answers {@code apiextensions.k8s.io/v1} ConversionReviews for the CRD entries of a Katalog that declare
 * {@code conversion}. Every object is converted or the whole review fails: the response then has
 * {@code result.status: Failure} and a message naming each object that failed and why (the API server needs all
 * objects converted; it never gets a partial list).
 *
 * <p>Routing: with an entry name (the {@code /convert/<entry>} route) that entry's conversion block is used (or, when
 * it has none, the one conversion block declared for the same group and kind); without one, the entry that declares
 * {@code conversion} for the group of {@code desiredAPIVersion} and the objects' kind.
 *
 * <pre>{@code
 * ConversionReviewHandler h = ConversionReviewHandler.of(katalog);
 * byte[] response = h.handle(requestBody, null);
 * }</pre>
 */
public final class ConversionReviewHandler {

    private static final List<String> VERSIONS = List.of("apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1");

    private final Map<String, CrdEntry> entries;
    private final Map<String, Converter> byEntry = new LinkedHashMap<>();
    private final Map<String, List<Converter>> byGroupKind = new LinkedHashMap<>();

    private ConversionReviewHandler(Katalog katalog) {
        this.entries = katalog.crds();
        for (CrdEntry e : katalog.crds().values()) {
            Converter.of(e).ifPresent(c -> {
                byEntry.put(e.name(), c);
                byGroupKind.computeIfAbsent(groupKind(c.group(), c.kind()), k -> new ArrayList<>()).add(c);
            });
        }
    }

    public static ConversionReviewHandler of(Katalog katalog) {
        return new ConversionReviewHandler(katalog);
    }

    /** The converter an entry name routes to (see the class comment), if any. */
    public Optional<Converter> converterFor(String entryName) {
        Converter own = byEntry.get(entryName);
        if (own != null) {
            return Optional.of(own);
        }
        CrdEntry e = entries.get(entryName);
        if (e == null) {
            return Optional.empty();
        }
        List<Converter> same = byGroupKind.getOrDefault(groupKind(e.apiTypes().group(), e.apiTypes().kind()), List.of());
        return same.size() == 1 ? Optional.of(same.get(0)) : Optional.empty();
    }

    /**
     * Answers one review. {@code entryName} (may be null) is the CRD entry named by the route.
     *
     * @throws BadReviewException for a body that is not a ConversionReview (400) or an unknown entry (404)
     */
    public byte[] handle(byte[] body, String entryName) throws BadReviewException {
        Map<String, Object> review = Reviews.parse(body, "ConversionReview", VERSIONS);
        return Json.write(handle(review, entryName, false)); // the parsed tree is ours: converted without a copy
    }

    /** Same, on a parsed review (a map as read from JSON); returns the response review. */
    public Map<String, Object> handle(Map<String, Object> review, String entryName) throws BadReviewException {
        return handle(review, entryName, true);
    }

    private Map<String, Object> handle(Map<String, Object> review, String entryName, boolean copy) throws BadReviewException {
        Map<String, Object> request = Reviews.object(review, "request", "request");
        String uid = Reviews.string(request, "uid", "request.uid");
        String desired = Reviews.string(request, "desiredAPIVersion", "request.desiredAPIVersion");
        Object rawObjects = request.get("objects");
        if (!(rawObjects instanceof List<?> list)) {
            throw BadReviewException.malformed("request.objects must be an array, got " + Json.typeName(rawObjects));
        }
        List<Map<String, Object>> objects = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw BadReviewException.malformed("request.objects[" + i + "] must be an object, got "
                        + Json.typeName(list.get(i)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) m;
            objects.add(o);
        }
        if (entryName != null && !entries.containsKey(entryName)) {
            throw new BadReviewException(404, "no CRD entry \"" + entryName + "\" in this Katalog (entries: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        if (objects.isEmpty()) {
            return reply(review, response, List.of(), null);
        }
        String failure;
        Converter converter = null;
        try {
            converter = route(entryName, desired, objects);
            failure = null;
        } catch (ConversionException e) {
            failure = e.getMessage();
        }
        List<Object> converted = new ArrayList<>(objects.size());
        List<String> failures = new ArrayList<>();
        if (converter != null) {
            for (Map<String, Object> o : objects) {
                try {
                    converted.add(converter.convert(o, desired, copy));
                } catch (ConversionException e) {
                    failures.add(e.getMessage());
                } catch (RuntimeException e) {
                    failures.add(Converter.describe(o) + ": " + Json.oneLine(String.valueOf(e.getMessage())));
                }
            }
            if (!failures.isEmpty()) {
                failure = (objects.size() == 1 ? "" : failures.size() + " of " + objects.size()
                        + " objects could not be converted: ") + String.join("; ", failures);
            }
        }
        return reply(review, response, failure == null ? converted : List.of(), failure);
    }

    private Converter route(String entryName, String desired, List<Map<String, Object>> objects) throws ConversionException {
        if (entryName != null) {
            return converterFor(entryName).orElseThrow(() -> new ConversionException("CRD entry " + entryName
                    + " declares no conversion (and no single other entry does for its kind)"));
        }
        String group = Converter.groupOf(desired, "");
        String kind = objects.stream().map(o -> o.get("kind")).filter(k -> k instanceof String).map(String.class::cast)
                .findFirst().orElseThrow(() -> new ConversionException("no object in the review has a kind"));
        List<Converter> candidates = byGroupKind.getOrDefault(groupKind(group, kind), List.of());
        if (candidates.isEmpty()) {
            throw new ConversionException("no CRD entry declares conversion for " + kind + " in group "
                    + (group.isEmpty() ? "\"\"" : group));
        }
        if (candidates.size() > 1) {
            throw new ConversionException("more than one CRD entry declares conversion for " + kind + "." + group + " ("
                    + candidates.stream().map(Converter::entryName).collect(Collectors.joining(", "))
                    + "); route with /convert/<entry>");
        }
        return candidates.get(0);
    }

    private static Map<String, Object> reply(Map<String, Object> review, Map<String, Object> response, List<Object> converted,
                                             String failure) {
        response.put("convertedObjects", converted);
        Map<String, Object> result = new LinkedHashMap<>();
        if (failure == null) {
            result.put("status", "Success");
        } else {
            result.put("status", "Failure");
            result.put("message", failure);
        }
        response.put("result", result);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", review.get("apiVersion"));
        out.put("kind", "ConversionReview");
        out.put("response", response);
        return out;
    }

    private static String groupKind(String group, String kind) {
        return (group == null ? "" : group) + "/" + kind;
    }
}
