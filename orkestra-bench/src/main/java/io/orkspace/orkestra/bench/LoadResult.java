package io.orkspace.orkestra.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * What one load-generator run measured: requests, seconds, latency percentiles (microseconds) and errors, parsed from
 * its {@code RESULT} line; and what the harness measured around the same seconds: the server's CPU time per request
 * (microseconds; NaN when the load generator did not mark its phases) and how busy the machine was.
 */
record LoadResult(double requests, double seconds, double p50, double p99, double p999, double max, long errors,
                  double cpuPerRequest, Meters.Machine machine) {

    double rate() {
        return requests / seconds;
    }

    LoadResult with(double cpuPerRequest, Meters.Machine machine) {
        return new LoadResult(requests, seconds, p50, p99, p999, max, errors, cpuPerRequest, machine);
    }

    /** Each figure's median over runs (so each figure is one a run gave); errors are summed. */
    static LoadResult median(List<LoadResult> runs) {
        return new LoadResult(med(runs, LoadResult::requests), med(runs, LoadResult::seconds), med(runs, LoadResult::p50),
                med(runs, LoadResult::p99), med(runs, LoadResult::p999), med(runs, LoadResult::max),
                runs.stream().mapToLong(LoadResult::errors).sum(), med(runs, LoadResult::cpuPerRequest), null);
    }

    private static double med(List<LoadResult> runs, ToDoubleFunction<LoadResult> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** "0.61, 0.74, 3.10": every run's p99 in ms, in run order. */
    static String p99s(List<LoadResult> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.p99() / 1e3)).collect(Collectors.joining(", "));
    }

    /** {@code RESULT requests=.. seconds=.. p50=.. p99=.. p999=.. max=.. errors=..} */
    static LoadResult parse(String line) {
        Map<String, String> v = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).split(" ")) {
            v.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return new LoadResult(Double.parseDouble(v.get("requests")), Double.parseDouble(v.get("seconds")),
                Double.parseDouble(v.get("p50")), Double.parseDouble(v.get("p99")), Double.parseDouble(v.get("p999")),
                Double.parseDouble(v.get("max")), Long.parseLong(v.get("errors")), Double.NaN, null);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms, errors %d, "
                        + "server CPU %s us/request%s", rate(), p50 / 1e3, p99 / 1e3, p999 / 1e3, max / 1e3, errors,
                Double.isNaN(cpuPerRequest) ? "n/a" : String.format(Locale.ROOT, "%.1f", cpuPerRequest),
                machine == null ? "" : "; machine " + machine);
    }
}
