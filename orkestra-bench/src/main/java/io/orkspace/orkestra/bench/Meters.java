package io.orkspace.orkestra.bench;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * What the webhook harness reads off the machine and its own JVM around a run: the whole machine's CPU split
 * ({@code /proc/stat}: busy, and stolen by the hypervisor), the load average, this JVM's collections and flags, and a
 * stall meter. None of it is the servers' own figures: it is there to tell a noisy run from a slow server.
 */
final class Meters {

    private Meters() {
    }

    /** The machine's CPU time over some seconds, as shares of all its cores' time. */
    record Machine(double busy, double steal) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "busy %.0f %%, stolen %.1f %%", busy * 100, steal * 100);
        }
    }

    /** A reading of {@code /proc/stat}'s first line (all CPUs, in clock ticks); null fields where there is none. */
    record CpuTicks(long total, long idle, long steal) {
        static CpuTicks read() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                    total += Long.parseLong(f[i]);
                }
                return new CpuTicks(total, Long.parseLong(f[4]) + Long.parseLong(f[5]), f.length > 8 ? Long.parseLong(f[8]) : 0);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** The machine between this reading and a later one; null without {@code /proc/stat}. */
        Machine until(CpuTicks later) {
            if (later == null || later.total <= total) {
                return null;
            }
            double span = later.total - total;
            return new Machine(1 - (later.idle - idle) / span, (later.steal - steal) / span);
        }
    }

    /** This JVM's whole CPU time so far (every thread: event loops, workers, collector, compiler), in nanoseconds. */
    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * A process's CPU time so far, in nanoseconds, from {@code /proc/<pid>/task/<tid>/schedstat} (time on a CPU, in
     * nanoseconds, per thread): -1 where there is no such file.
     */
    static long processCpuNanos(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long sum = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The collector, heap and the memory flags that matter to the tail (see docs/performance.md). */
    static String jvm() {
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
        var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return String.format(Locale.ROOT, "%s, heap %d MiB, UseTransparentHugePages=%s, AlwaysPreTouch=%s", gcs,
                Runtime.getRuntime().maxMemory() >> 20, hotspot.getVMOption("UseTransparentHugePages").getValue(),
                hotspot.getVMOption("AlwaysPreTouch").getValue());
    }

    /** Collections so far and the milliseconds they took, over every collector of this JVM. */
    static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * A stall meter in the servers' JVM: a thread that asks to sleep 0.2 ms, over and over, and counts how much later
     * than asked it wakes up. A late wake-up is a time this JVM could not run (a GC pause, a safepoint, no free core):
     * every request in flight then waits as long, whichever server it is on. Its own 5,000 wake-ups a second cost the
     * tail a little: off unless asked for.
     */
    static final class Stalls implements Runnable {
        private volatile boolean running = true;
        private final Thread thread = new Thread(this, "stall-meter");
        private long over1ms;
        private long over10ms;
        private long longest;

        static Stalls start() {
            Stalls s = new Stalls();
            s.thread.setDaemon(true);
            s.thread.start();
            return s;
        }

        @Override
        public void run() {
            while (running) {
                long t0 = System.nanoTime();
                LockSupport.parkNanos(200_000);
                long late = System.nanoTime() - t0 - 200_000;
                if (late > 1_000_000) {
                    over1ms++;
                }
                if (late > 10_000_000) {
                    over10ms++;
                }
                longest = Math.max(longest, late);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "> 1 ms: %d, > 10 ms: %d, longest %.1f ms", over1ms, over10ms, longest / 1e6);
        }
    }
}
