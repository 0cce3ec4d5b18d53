package org.astroarchive.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Command line of {@link TapBenchmark} ({@code benchmarks/run tap ...}).
 *
 * @param sources         rows of gaia.completesource loaded before the measurements
 * @param clients         concurrent clients of the cone search, one measurement each, ascending
 * @param durationSeconds how long each figure (and each baseline) is measured
 * @param warmupSeconds   untimed load of the same kind before each measurement
 * @param serviceHeap     {@code -Xmx} of tap-service (and of the ingestion services while loading)
 * @param workDir         generated files and service logs; a new temporary folder when null
 * @param keep            leave components and services running at the end
 */
public record TapOptions(long sources, List<Integer> clients, int durationSeconds, int warmupSeconds,
                         String serviceHeap, Path workDir, boolean keep) {

    public static final String USAGE = """
            usage: benchmarks/run tap [--sources N] [--clients 1,8,32] [--duration SECONDS] [--warmup SECONDS]
                                      [--service-heap SIZE] [--work-dir DIR] [--keep]
              --sources N          rows of gaia.completesource, loaded through the ingestion services (default 1000000)
              --clients LIST       concurrent clients of the cone search, comma-separated (default 1,8,32)
              --duration SECONDS   measuring time of each figure and of each baseline (default 20)
              --warmup SECONDS     untimed load of the same kind before each measurement (default 10)
              --service-heap SIZE  -Xmx of tap-service (default 1g)
              --work-dir DIR       generated files and service logs (default: a new temporary folder)
              --keep               leave everything running at the end (prints how to stop it)""";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final int MAX_CLIENTS = 256;

    public TapOptions {
        if (sources < 1) {
            throw new IllegalArgumentException("--sources must be at least 1: " + sources);
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("--clients needs at least one number");
        }
        for (int i = 0; i < clients.size(); i++) {
            int c = clients.get(i);
            if (c < 1 || c > MAX_CLIENTS) {
                throw new IllegalArgumentException("--clients must be within 1.." + MAX_CLIENTS + ": " + c);
            }
            if (i > 0 && c <= clients.get(i - 1)) {
                throw new IllegalArgumentException("--clients must be ascending without repeats: " + clients);
            }
        }
        clients = List.copyOf(clients);
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second: " + durationSeconds);
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup must not be negative: " + warmupSeconds);
        }
        if (!HEAP.matcher(serviceHeap).matches()) {
            throw new IllegalArgumentException("--service-heap must look like 512m or 1g: " + serviceHeap);
        }
    }

    public static TapOptions defaults() {
        return new TapOptions(1_000_000, List.of(1, 8, 32), 20, 10, "1g", null, false);
    }

    /** @throws IllegalArgumentException with a message fit for the user on an unknown option or a bad value */
    public static TapOptions parse(List<String> args) {
        TapOptions o = defaults();
        long sources = o.sources;
        List<Integer> clients = o.clients;
        int duration = o.durationSeconds;
        int warmup = o.warmupSeconds;
        String heap = o.serviceHeap;
        Path workDir = o.workDir;
        boolean keep = o.keep;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--keep" -> keep = true;
                case "--sources" -> sources = BenchmarkOptions.number(arg, value(args, ++i, arg));
                case "--clients" -> clients = clientList(value(args, ++i, arg));
                case "--duration" -> duration = smallNumber(arg, value(args, ++i, arg));
                case "--warmup" -> warmup = smallNumber(arg, value(args, ++i, arg));
                case "--service-heap" -> heap = value(args, ++i, arg);
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new TapOptions(sources, clients, duration, warmup, heap, workDir, keep);
    }

    /** {@code 1,8,32} → [1, 8, 32]. */
    static List<Integer> clientList(String text) {
        List<Integer> clients = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            clients.add(smallNumber("--clients", part.trim()));
        }
        return clients;
    }

    private static int smallNumber(String option, String text) {
        return (int) Math.min(Integer.MAX_VALUE, BenchmarkOptions.number(option, text));
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
