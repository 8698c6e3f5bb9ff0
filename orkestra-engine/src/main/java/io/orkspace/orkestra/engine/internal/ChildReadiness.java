package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.registry.Readiness;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the readiness of a CR's children into its {@code Ready} condition and phase: {@code Active} when every child
 * is ready; {@code Degraded} ({@code ChildFailed}) when one failed for good; else {@code Pending}
 * ({@code Progressing}), with a message naming the first child waited for and since when. The message only changes
 * when a child's state does, so a CR whose children do not move gets no status write.
 */
final class ChildReadiness {

    /** One child and its state. */
    record Judged(String kind, String name, Readiness readiness) {
    }

    /** The CR's phase and Ready condition. */
    record Verdict(String phase, boolean ready, String reason, String message) {
    }

    private static final Pattern SINCE = Pattern.compile("^waiting for (\\S+ \\S+) since (\\S+): ");

    private ChildReadiness() {
    }

    /**
     * @param children       every declared child that exists (or was just written), in declaration order
     * @param currentMessage the message of the CR's current Ready condition, or null: where "since" is kept
     */
    static Verdict of(List<Judged> children, String currentMessage, Instant now) {
        Judged failed = children.stream().filter(j -> j.readiness().state() == Readiness.State.FAILED).findFirst().orElse(null);
        if (failed != null) {
            return new Verdict("Degraded", false, "ChildFailed",
                    failed.kind() + " " + failed.name() + " failed: " + failed.readiness().detail());
        }
        List<Judged> waiting = children.stream().filter(j -> !j.readiness().ready()).toList();
        if (waiting.isEmpty()) {
            return new Verdict("Active", true, "ChildrenReady", "all " + children.size() + " child object(s) are ready");
        }
        Judged first = waiting.get(0);
        String child = first.kind() + " " + first.name();
        String since = since(child, currentMessage).orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        String more = waiting.size() > 1 ? " (and " + (waiting.size() - 1) + " more)" : "";
        return new Verdict("Pending", false, "Progressing",
                "waiting for " + child + " since " + since + ": " + first.readiness().detail() + more);
    }

    /** The time the current message says we have been waiting for this child since, if it names the same child. */
    private static java.util.Optional<String> since(String child, String currentMessage) {
        if (currentMessage == null) {
            return java.util.Optional.empty();
        }
        Matcher m = SINCE.matcher(currentMessage);
        return m.find() && m.group(1).equals(child) ? java.util.Optional.of(m.group(2)) : java.util.Optional.empty();
    }

    /** The message of the Ready condition in a CR's status, or null. */
    static String readyMessage(Map<String, Object> status) {
        if (status.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> c && "Ready".equals(c.get("type")) && c.get("message") != null) {
                    return String.valueOf(c.get("message"));
                }
            }
        }
        return null;
    }
}
