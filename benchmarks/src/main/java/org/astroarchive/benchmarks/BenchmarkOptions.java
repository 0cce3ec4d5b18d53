package org.astroarchive.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Command line of {@link IngestionBenchmark}.
 *
 * @param sources       Gaia-like sources generated, i.e. rows of gaia.completesource
 * @param perFile       sources per CompleteSource file
 * @param withTransits  also upload the AstroElementary and CrossMatch files (about 22.5 transits a source, twice)
 * @param uploadThreads PUTs in flight at once
 * @param serviceHeap   {@code -Xmx} of importer-service and metadata-service
 * @param timeoutSeconds longest wait for all files to be queryable
 * @param workDir       where generated files, the COPY export and service logs go; a new temporary folder when null
 * @param keep          leave components, services and files running/in place at the end
 * @param warmup        ingest one small file (DID scope "warmup") before the clock starts
 */
public record BenchmarkOptions(long sources, int perFile, boolean withTransits, int uploadThreads, String serviceHeap,
                               int timeoutSeconds, Path workDir, boolean keep, boolean warmup) {

    public static final String USAGE = """
            usage: benchmarks/run [--sources N] [--per-file M] [--with-transits] [--upload-threads K]
                                  [--service-heap SIZE] [--timeout SECONDS] [--work-dir DIR] [--no-warmup] [--keep]
              --sources N          rows of gaia.completesource to ingest (default 1000000)
              --per-file M         sources per CompleteSource file (default 250000)
              --with-transits      also upload the transit files (AstroElementary, CrossMatch: ~45 rows a source)
              --upload-threads K   PUTs in flight at once (default 1)
              --service-heap SIZE  -Xmx of importer-service and metadata-service (default 1g)
              --timeout SECONDS    longest wait for every file to be queryable (default 900)
              --work-dir DIR       generated files, COPY export and service logs (default: a new temporary folder)
              --no-warmup          time the very first file too (default: 5000 rows as scope "warmup" first, untimed)
              --keep               leave everything running and in place at the end (prints how to stop it)""";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    public BenchmarkOptions {
        if (sources < 1) {
            throw new IllegalArgumentException("--sources must be at least 1: " + sources);
        }
        if (perFile < 1) {
            throw new IllegalArgumentException("--per-file must be at least 1: " + perFile);
        }
        if (uploadThreads < 1) {
            throw new IllegalArgumentException("--upload-threads must be at least 1: " + uploadThreads);
        }
        if (!HEAP.matcher(serviceHeap).matches()) {
            throw new IllegalArgumentException("--service-heap must look like 512m or 1g: " + serviceHeap);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second: " + timeoutSeconds);
        }
    }

    public static BenchmarkOptions defaults() {
        return new BenchmarkOptions(1_000_000, 250_000, false, 1, "1g", 900, null, false, true);
    }

    /** @throws IllegalArgumentException with a message fit for the user on an unknown option or a bad value */
    public static BenchmarkOptions parse(List<String> args) {
        BenchmarkOptions o = defaults();
        long sources = o.sources;
        int perFile = o.perFile;
        boolean transits = o.withTransits;
        int threads = o.uploadThreads;
        String heap = o.serviceHeap;
        int timeout = o.timeoutSeconds;
        Path workDir = o.workDir;
        boolean keep = o.keep;
        boolean warmup = o.warmup;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--with-transits" -> transits = true;
                case "--keep" -> keep = true;
                case "--no-warmup" -> warmup = false;
                case "--sources" -> sources = number(arg, value(args, ++i, arg));
                case "--per-file" -> perFile = (int) Math.min(Integer.MAX_VALUE, number(arg, value(args, ++i, arg)));
                case "--upload-threads" -> threads = (int) Math.min(Integer.MAX_VALUE, number(arg, value(args, ++i, arg)));
                case "--timeout" -> timeout = (int) Math.min(Integer.MAX_VALUE, number(arg, value(args, ++i, arg)));
                case "--service-heap" -> heap = value(args, ++i, arg);
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new BenchmarkOptions(sources, perFile, transits, threads, heap, timeout, workDir, keep, warmup);
    }

    /** The value after an option; shared by the benchmarks' option parsers. */
    static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    /** Accepts {@code 1000000}, {@code 1_000_000} and {@code 1e6}. */
    static long number(String option, String text) {
        String plain = text.replace("_", "");
        try {
            if (plain.matches("[0-9]+(\\.[0-9]+)?[eE][0-9]+")) {
                double value = Double.parseDouble(plain);
                if (value != Math.rint(value) || value > Long.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return (long) value;
            }
            return Long.parseLong(plain);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number: " + text);
        }
    }
}
