package io.orkspace.orkestra.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The embedded API server under load, side by side in one run with the fabric8 mock server in CRUD mode: ConfigMaps
 * across namespaces (20,000 in 100 by default), 8 concurrent clients doing create, get, list, patch, server-side apply
 * and watch, each server after a warm-up run of its own; p50/p99 per verb as a markdown table, and the check that a GET at the full size costs at most 1.5× a GET
 * at 1,000 objects (exit code 1 when the embedded server fails it). Run:
 *
 * <pre>
 * mvn -B -q -DskipTests -pl orkestra-bench -am package
 * java -cp orkestra-bench/target/benchmarks.jar io.orkspace.orkestra.bench.ApiServerHarness [--objects 20000]
 *     [--namespaces 100] [--clients 8] [--small 1000] [--gets 4000] [--lists 400] [--patches 2000] [--applies 2000]
 *     [--watches 400] [--servers embedded,mock]
 * </pre>
 */
public final class ApiServerHarness {
    static final double MAX_GET_GROWTH = 1.5;

    private ApiServerHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        List<String> known = List.of("objects", "namespaces", "clients", "small", "gets", "lists", "patches", "applies", "watches", "servers");
        if (!known.containsAll(flags.keySet())) {
            throw new IllegalArgumentException("unknown flag among " + flags.keySet() + "; known: " + known);
        }
        ApiServerWorkload.Size d = ApiServerWorkload.Size.DEFAULTS;
        ApiServerWorkload.Size size = new ApiServerWorkload.Size(
                intFlag(flags, "objects", d.objects()), intFlag(flags, "namespaces", d.namespaces()), intFlag(flags, "clients", d.clients()),
                intFlag(flags, "small", d.small()), intFlag(flags, "gets", d.gets()), intFlag(flags, "lists", d.lists()),
                intFlag(flags, "patches", d.patches()), intFlag(flags, "applies", d.applies()), intFlag(flags, "watches", d.watches()));
        List<ApiServerContender.Kind> kinds = new ArrayList<>();
        for (String s : flags.getOrDefault("servers", "embedded,mock").split(",")) {
            kinds.add(ApiServerContender.Kind.of(s.trim()));
        }

        Map<ApiServerContender.Kind, Map<String, Latencies>> results = new LinkedHashMap<>();
        for (ApiServerContender.Kind kind : kinds) {
            System.err.printf("%s: %,d objects in %d namespaces, %d clients...%n", kind.title, size.objects(), size.namespaces(), size.clients());
            long t0 = System.nanoTime();
            try (ApiServerContender warmUp = kind.start()) {
                new ApiServerWorkload(size.warmUp()).run(warmUp);
            }
            Map<String, Latencies> rows = new LinkedHashMap<>();
            try (ApiServerContender server = kind.start()) {
                rows.putAll(new ApiServerWorkload(size).run(server));
            }
            try (ApiServerContender server = kind.start()) {
                Latencies small = new ApiServerWorkload(size).getsAtSmallSize(server);
                Map<String, Latencies> ordered = new LinkedHashMap<>();
                rows.forEach((row, l) -> {
                    if (row.equals(ApiServerWorkload.getAtFull(size))) {
                        ordered.put(ApiServerWorkload.getAtSmall(size), small);
                    }
                    ordered.put(row, l);
                });
                results.put(kind, ordered);
            }
            System.err.printf("%s: done in %.0f s%n", kind.title, (System.nanoTime() - t0) / 1e9);
        }
        boolean embeddedPasses = report(size, results);
        if (!embeddedPasses) {
            System.exit(1);
        }
    }

    /** Prints the table and the GET check; returns whether the embedded server (when measured) passes the check. */
    private static boolean report(ApiServerWorkload.Size size, Map<ApiServerContender.Kind, Map<String, Latencies>> results) {
        List<ApiServerContender.Kind> kinds = new ArrayList<>(results.keySet());
        System.out.printf("%n%,d ConfigMaps in %d namespaces, %d concurrent clients (fabric8 %s, JDK HTTP client); %s, %d cores, Java %s%n%n",
                size.objects(), size.namespaces(), size.clients(), io.fabric8.kubernetes.client.Version.clientVersion(), LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        StringBuilder head = new StringBuilder("| verb (requests) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ApiServerContender.Kind k : kinds) {
            head.append(" ").append(k.flag).append(" p50 (ms) | ").append(k.flag).append(" p99 (ms) | ").append(k.flag).append(" req/s |");
            rule.append("---:|---:|---:|");
        }
        boolean both = kinds.contains(ApiServerContender.Kind.EMBEDDED) && kinds.contains(ApiServerContender.Kind.FABRIC8_MOCK);
        if (both) {
            head.append(" p50 mock ÷ embedded |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (String row : results.get(kinds.get(0)).keySet()) {
            Latencies first = results.get(kinds.get(0)).get(row);
            StringBuilder line = new StringBuilder("| ").append(row).append(" (").append(String.format("%,d", first.count() + first.failed()))
                    .append(") |");
            for (ApiServerContender.Kind k : kinds) {
                Latencies l = results.get(k).get(row);
                if (l.count() == 0) {
                    line.append(" all failed: ").append(codes(l)).append(" | — | — |");
                } else {
                    line.append(String.format(" %.2f | %.2f | %,.0f |", l.percentileMillis(50), l.percentileMillis(99), l.perSecond()));
                    if (l.failed() > 0) {
                        line.insert(line.length() - 1, " (failed: " + codes(l) + ")");
                    }
                }
            }
            if (both) {
                Latencies e = results.get(ApiServerContender.Kind.EMBEDDED).get(row);
                Latencies m = results.get(ApiServerContender.Kind.FABRIC8_MOCK).get(row);
                line.append(e.count() == 0 || m.count() == 0 ? " — |"
                        : String.format(" %.1f× |", m.percentileMillis(50) / e.percentileMillis(50)));
            }
            System.out.println(line);
        }
        System.out.println();
        boolean embeddedPasses = true;
        for (ApiServerContender.Kind k : kinds) {
            Latencies small = results.get(k).get(ApiServerWorkload.getAtSmall(size));
            Latencies full = results.get(k).get(ApiServerWorkload.getAtFull(size));
            double growth = full.percentileMillis(50) / small.percentileMillis(50);
            boolean passes = growth <= MAX_GET_GROWTH;
            System.out.printf("GET p50 at %,d objects ÷ at %,d objects, %s: %.2f× (%s: at most %.1f×)%n", size.objects(), size.small(), k.title,
                    growth, passes ? "PASS" : "FAIL", MAX_GET_GROWTH);
            if (k == ApiServerContender.Kind.EMBEDDED) {
                embeddedPasses = passes;
            }
        }
        return embeddedPasses;
    }

    private static String codes(Latencies l) {
        return l.failures().entrySet().stream().map(e -> (e.getKey() == 0 ? "no HTTP code" : "HTTP " + e.getKey()) + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --flag value, got '" + args[i] + "'");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }

    private static int intFlag(Map<String, String> flags, String name, int otherwise) {
        return flags.containsKey(name) ? Integer.parseInt(flags.get(name).replace("_", "").replace(",", "")) : otherwise;
    }
}
