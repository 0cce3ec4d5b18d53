package org.astroarchive.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of process trees from Linux {@code /proc}, to tell which process a run's wall time went to. A tree's
 * time is its root's user + system time, plus what its exited children had (counted into the root once reaped),
 * plus what its live descendants have: PostgreSQL runs each connection in a child of the postmaster.
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc/PID/stat times; 100 on every mainstream Linux architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> roots = new LinkedHashMap<>();
    private final Map<String, Long> singles = new LinkedHashMap<>();

    /** Adds a tree to watch, named for the report. */
    void watch(String name, long pid) {
        roots.put(name, pid);
    }

    /** Adds one process without its children (this JVM: its children are the services, watched on their own). */
    void watchAlone(String name, long pid) {
        singles.put(name, pid);
    }

    /** CPU seconds used so far by each watched tree (absent trees are left out). */
    Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        roots.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(root -> {
            long ticks = ticks(pid);
            try (Stream<ProcessHandle> descendants = root.descendants()) {
                ticks += descendants.mapToLong(child -> ticks(child.pid())).sum();
            }
            seconds.put(name, ticks / TICKS_PER_SECOND);
        }));
        singles.forEach((name, pid) -> seconds.put(name, ticks(pid) / TICKS_PER_SECOND));
        return seconds;
    }

    /**
     * CPU seconds all processes of the machine used so far (/proc/stat: every state but idle and iowait), to tell
     * how much of a run's CPU went to processes this benchmark did not start.
     */
    static double machineBusySeconds() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow().trim().split(" +");
            long busy = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Difference of two samples, per tree. */
    /** CPU seconds of all the processes of a sample or a difference. */
    static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((name, value) -> used.put(name, value - before.getOrDefault(name, 0.0)));
        return used;
    }

    /** The pid in the first line of a pid file (PostgreSQL's postmaster.pid, component.sh's pid), if readable. */
    static Optional<Long> pidFromFile(Path file) {
        try {
            String first = Files.readAllLines(file).get(0).trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU seconds a JVM's JIT compiler threads ("C1 CompilerThreadN", "C2 CompilerThreadN") used so far: a figure
     * measured while the JIT still compiles its code path is the JIT's as much as the service's.
     */
    static double compilerSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.filter(ProcessCpu::isCompilerThread)
                    .mapToLong(task -> ticks(Path.of(task.toString(), "stat"))).sum() / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static boolean isCompilerThread(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim();
            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
        } catch (IOException e) {
            return false;
        }
    }

    private static long ticks(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long ticks(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // gone between listing and reading
        }
    }
}
