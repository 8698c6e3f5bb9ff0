package io.orkspace.orkestra.webhook;

import io.orkspace.orkestra.webhook.internal.Diff;
import io.orkspace.orkestra.webhook.internal.FieldPath;
import io.orkspace.orkestra.webhook.internal.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The round-trip check behind {@code orkestra convert --check}: each sample object is converted to every other version
 * the converter knows and back, and every field that does not come back as it was is reported, with the leg that lost
 * or changed it. Losses listed under {@code conversion.acknowledgeLoss} (a field or a parent of it) are reported as
 * acknowledged and do not fail the check.
 *
 * <pre>{@code
 * ConversionCheck.Report report = ConversionCheck.run(converter, List.of(new ConversionCheck.Sample("cr-v1.yaml", cr)), null);
 * report.trips().forEach(t -> System.out.println(t.describe()));
 * if (!report.passed()) { ... }
 * }</pre>
 */
public final class ConversionCheck {

    /** A sample object and where it came from (a file name, for the report). */
    public record Sample(String origin, Map<String, Object> object) {
    }

    /**
     * One field that did not survive a round trip.
     *
     * @param field        the field path, e.g. {@code spec.seo.enabled}
     * @param before       its value in the sample (null when the round trip added it)
     * @param after        its value after the round trip (null when lost)
     * @param leg          where it happened: {@code lost going v1 → v1alpha1} or {@code changed coming back v1alpha1 → v1}
     * @param acknowledged listed under {@code conversion.acknowledgeLoss}
     */
    public record Loss(String field, Object before, Object after, String leg, boolean acknowledged) {
        public String describe() {
            String values = before == null ? "comes back as " + Values.show(after)
                    : after == null ? "was " + Values.show(before) + ", does not come back"
                    : "was " + Values.show(before) + ", comes back as " + Values.show(after);
            return field + " " + leg + " (" + values + ")" + (acknowledged ? " [acknowledged]" : "");
        }
    }

    /**
     * One round trip of one sample: {@code versions} is the route there and back ({@code [v1, v1alpha1, v1]});
     * {@code failure} is set when a leg could not be converted at all.
     */
    public record RoundTrip(String origin, String object, List<String> versions, List<Loss> losses, String failure) {
        public RoundTrip {
            versions = List.copyOf(versions);
            losses = List.copyOf(losses);
        }

        /** No failure and no unacknowledged loss. */
        public boolean passed() {
            return failure == null && losses.stream().allMatch(Loss::acknowledged);
        }

        /** {@code cr-v1.yaml default/modern-site v1 → v1alpha1 → v1: ...}, one line per loss after the first. */
        public String describe() {
            String head = origin + " " + object + " " + String.join(" → ", versions) + ": ";
            if (failure != null) {
                return head + failure;
            }
            if (losses.isEmpty()) {
                return head + "nothing lost";
            }
            StringBuilder sb = new StringBuilder(head).append(losses.get(0).describe());
            for (int i = 1; i < losses.size(); i++) {
                sb.append("\n").append(" ".repeat(head.length())).append(losses.get(i).describe());
            }
            return sb.toString();
        }
    }

    /**
     * Every round trip made, and the pairs of versions no chain of paths connects ({@code v1 → v1alpha1}: an object
     * stored as v1 cannot be read as v1alpha1), found with or without samples.
     */
    public record Report(List<RoundTrip> trips, List<String> missingRoutes) {
        public Report {
            trips = List.copyOf(trips);
            missingRoutes = List.copyOf(missingRoutes);
        }

        public boolean passed() {
            return missingRoutes.isEmpty() && trips.stream().allMatch(RoundTrip::passed);
        }

        /** Missing routes, losses not acknowledged, and legs that failed. */
        public long problems() {
            return missingRoutes.size() + trips.stream().mapToLong(t -> t.failure() != null ? 1
                    : t.losses().stream().filter(l -> !l.acknowledged()).count()).sum();
        }
    }

    private ConversionCheck() {
    }

    /**
     * Round-trips each sample through each version in {@code versions} (null: every version the converter knows)
     * other than its own.
     */
    public static Report run(Converter converter, List<Sample> samples, Collection<String> versions) {
        Collection<String> targets = versions == null ? converter.versions() : versions;
        List<RoundTrip> trips = new ArrayList<>();
        for (Sample s : samples) {
            Object av = s.object().get("apiVersion");
            String own = av instanceof String a ? Converter.versionOf(a) : "";
            String name = Converter.describe(s.object());
            if (own.isEmpty()) {
                trips.add(new RoundTrip(s.origin(), name, List.of(), List.of(), "the object has no apiVersion"));
                continue;
            }
            for (String v : targets) {
                if (!v.equals(own)) {
                    trips.add(roundTrip(converter, s, name, own, v));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String from : converter.versions()) {
            for (String to : converter.versions()) {
                if (!from.equals(to) && converter.route(from, to).isEmpty()) {
                    missing.add(from + " → " + to);
                }
            }
        }
        return new Report(trips, missing);
    }

    private static RoundTrip roundTrip(Converter c, Sample s, String name, String own, String via) {
        List<String> there = c.route(own, via).orElse(List.of(own, via));
        List<String> back = c.route(via, own).orElse(List.of(via, own));
        List<String> route = new ArrayList<>(there);
        route.addAll(back.subList(1, back.size()));
        Map<String, Object> converted;
        Map<String, Object> returned;
        try {
            converted = c.convert(s.object(), via);
        } catch (ConversionException e) {
            return new RoundTrip(s.origin(), name, route, List.of(), "cannot convert " + own + " → " + via + ": " + strip(e, name));
        }
        try {
            returned = c.convert(converted, own);
        } catch (ConversionException e) {
            return new RoundTrip(s.origin(), name, route, List.of(), "cannot convert back " + via + " → " + own + ": " + strip(e, name));
        }
        List<String> acknowledged = c.conversion().acknowledgeLoss();
        List<Loss> losses = new ArrayList<>();
        for (Diff.Difference d : Diff.of(s.object(), returned)) {
            String field = d.path().toString();
            if (field.equals("apiVersion")) {
                continue;
            }
            String leg;
            if (d.kind() == Diff.Kind.ADDED) {
                leg = "added coming back " + String.join(" → ", back);
            } else if (!new FieldPath(d.path().keys()).exists(converted)) {
                leg = "lost going " + String.join(" → ", there);
            } else {
                leg = (d.kind() == Diff.Kind.REMOVED ? "lost" : "changed") + " coming back " + String.join(" → ", back);
            }
            losses.add(new Loss(field, d.before(), d.after(), leg, covered(field, acknowledged)));
        }
        return new RoundTrip(s.origin(), name, route, losses, null);
    }

    static boolean covered(String field, List<String> acknowledged) {
        for (String a : acknowledged) {
            String p = a.startsWith(".") ? a.substring(1) : a;
            if (field.equals(p) || field.startsWith(p + ".") || field.startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }

    /** Messages start with the object's name, already in the report line. */
    private static String strip(ConversionException e, String name) {
        String m = e.getMessage();
        return m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m;
    }
}
