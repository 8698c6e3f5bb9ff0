package io.orkspace.orkestra.komposer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version constraint in the syntax Helm accepts for chart versions: alternatives separated by {@code ||}, each a
 * list of comparisons separated by spaces or commas, all of which must hold.
 * <ul>
 *   <li>{@code 1.2.3}, {@code =1.2.3}, {@code !=1.2.3}, {@code >1.2}, {@code >=1.2}, {@code <2}, {@code <=2.1}</li>
 *   <li>{@code ~1.2.3} (at least 1.2.3, below 1.3.0), {@code ~1} (below 2.0.0)</li>
 *   <li>{@code ^1.2.3} (below 2.0.0), {@code ^0.2.3} (below 0.3.0), {@code ^0.0.3} (below 0.0.4)</li>
 *   <li>wildcards {@code 1.2.x}, {@code 1.*}, {@code *}; hyphen ranges {@code 1.2 - 1.4.5}</li>
 * </ul>
 * Prereleases match only when a comparison of the constraint names a prerelease itself, as in Helm.
 */
public final class SemverRange {

    private static final Pattern TERM = Pattern.compile("(!=|>=|<=|=|>|<|~|\\^)?\\s*(v?[0-9xX*][0-9A-Za-z.*+-]*)");

    private final String text;
    private final List<List<Predicate<Semver>>> alternatives;
    private final boolean allowsPrereleases;

    private SemverRange(String text, List<List<Predicate<Semver>>> alternatives, boolean allowsPrereleases) {
        this.text = text;
        this.alternatives = alternatives;
        this.allowsPrereleases = allowsPrereleases;
    }

    /** Parses a constraint; throws {@link IllegalArgumentException} with a readable message when it is not one. */
    public static SemverRange parse(String text) {
        List<List<Predicate<Semver>>> alternatives = new ArrayList<>();
        boolean pre = false;
        for (String alternative : text.split("\\|\\|", -1)) {
            String alt = alternative.trim().replaceAll("\\s+-\\s+", " - ");
            List<Predicate<Semver>> all = new ArrayList<>();
            String[] hyphen = alt.split(" - ");
            if (hyphen.length == 2) {
                all.add(bound(">=", hyphen[0].trim()));
                all.add(bound("<=", hyphen[1].trim()));
                pre |= hyphen[0].contains("-") || hyphen[1].contains("-");
            } else {
                String rest = alt.replace(',', ' ').replaceAll("(!=|>=|<=|=|>|<|~|\\^)\\s+", "$1").trim();
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("empty version constraint in \"" + text + "\"");
                }
                for (String term : rest.split("\\s+")) {
                    Matcher m = TERM.matcher(term);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("\"" + term + "\" is not a version or a comparison (in \"" + text + "\")");
                    }
                    all.add(bound(m.group(1) == null ? "=" : m.group(1), m.group(2)));
                    pre |= m.group(2).contains("-");
                }
            }
            alternatives.add(all);
        }
        return new SemverRange(text, alternatives, pre);
    }

    public boolean matches(Semver v) {
        if (v.isPrerelease() && !allowsPrereleases) {
            return false;
        }
        for (List<Predicate<Semver>> all : alternatives) {
            if (all.stream().allMatch(p -> p.test(v))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    /** One comparison; wildcards and partial versions widen to the range they stand for. */
    private static Predicate<Semver> bound(String op, String version) {
        String[] parts = version.replaceFirst("^v", "").split("[-+]", 2)[0].split("\\.");
        int given = 0;
        while (given < Math.min(parts.length, 3) && !parts[given].isEmpty() && parts[given].chars().allMatch(Character::isDigit)) {
            given++;
        }
        if (given == 0 && !(parts[0].equals("*") || parts[0].equalsIgnoreCase("x"))) {
            throw new IllegalArgumentException("\"" + version + "\" is not a version");
        }
        Semver low = given == 0 ? new Semver(0, 0, 0, "") : Semver.parse(String.join(".", List.of(parts).subList(0, given))
                + (given == 3 && version.contains("-") ? "-" + version.split("-", 2)[1].split("\\+")[0] : ""));
        if (low == null) {
            throw new IllegalArgumentException("\"" + version + "\" is not a version");
        }
        Semver high = given == 0 ? null : given == 1 ? new Semver(low.major() + 1, 0, 0, "") : given == 2
                ? new Semver(low.major(), low.minor() + 1, 0, "") : null;
        Semver zeroPre = high == null ? null : new Semver(high.major(), high.minor(), high.patch(), "0");
        switch (op) {
            case "=":
                return high == null ? (given == 0 ? v -> true : v -> v.compareTo(low) == 0) : v -> v.compareTo(low) >= 0 && v.compareTo(zeroPre) < 0;
            case "!=":
                return high == null ? (given == 0 ? v -> false : v -> v.compareTo(low) != 0) : v -> v.compareTo(low) < 0 || v.compareTo(zeroPre) >= 0;
            case ">":
                return high == null ? v -> v.compareTo(low) > 0 : v -> v.compareTo(zeroPre) >= 0;
            case ">=":
                return v -> v.compareTo(low) >= 0;
            case "<":
                return v -> v.compareTo(low) < 0;
            case "<=":
                return high == null ? v -> v.compareTo(low) <= 0 : v -> v.compareTo(zeroPre) < 0;
            case "~": {
                Semver top = given <= 1 ? new Semver(low.major() + 1, 0, 0, "0") : new Semver(low.major(), low.minor() + 1, 0, "0");
                return v -> v.compareTo(low) >= 0 && v.compareTo(top) < 0;
            }
            default: { // ^
                Semver top = low.major() > 0 || given == 1 ? new Semver(low.major() + 1, 0, 0, "0")
                        : low.minor() > 0 || given == 2 ? new Semver(0, low.minor() + 1, 0, "0") : new Semver(0, 0, low.patch() + 1, "0");
                return v -> v.compareTo(low) >= 0 && v.compareTo(top) < 0;
            }
        }
    }
}
