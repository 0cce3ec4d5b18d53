package org.astroarchive.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.astroarchive.datagen.GaiaGeneratorOptions;

/**
 * Command line of {@link CutMergeBenchmark} ({@code benchmarks/run cutmerge ...}).
 *
 * @param sources      rows of the one CompleteSource file (890,000 uncompressed ≈ 100 MB: 112 bytes a source)
 * @param compress     deflate the file's datasets as archive-datagen does by default (81 bytes a source; at most
 *                     1,000,000 sources a file, so at most ~81 MB)
 * @param repeatsFew   measured requests of {@link CutMergeBenchmark#FEW_ROWS} rows (and of the cached repeat)
 * @param repeatsMany  measured requests of {@link CutMergeBenchmark#MANY_ROWS} rows
 * @param warmup       untimed requests of each size before the measurements
 * @param serviceHeap  {@code -Xmx} of cutmerge-service
 * @param workDir      generated files and service logs; a new temporary folder when null
 * @param keep         leave components and services running at the end
 */
public record CutMergeOptions(long sources, boolean compress, int repeatsFew, int repeatsMany, int warmup,
                              String serviceHeap, Path workDir, boolean keep) {

    public static final String USAGE = """
            usage: benchmarks/run cutmerge [--sources N] [--compress] [--repeats R[,R1000]] [--warmup W]
                                           [--service-heap SIZE] [--work-dir DIR] [--keep]
              --sources N          sources in the one CompleteSource file (default 890000: ~100 MB uncompressed)
              --compress           deflate the datasets (archive-datagen's default; ~81 bytes a source instead of 112)
              --repeats R[,R1000]  measured requests of 10 rows and of 1000 rows; one number for both (default 20,5)
              --warmup W           untimed requests of each size first (default 3)
              --service-heap SIZE  -Xmx of cutmerge-service (default 1g)
              --work-dir DIR       generated files and service logs (default: a new temporary folder)
              --keep               leave everything running at the end (prints how to stop it)""";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final int MAX_REPEATS = 10_000;

    public CutMergeOptions {
        // one file: archive-datagen writes at most MAX_SOURCES_PER_FILE sources a file
        if (sources < CutMergeBenchmark.MANY_ROWS || sources > GaiaGeneratorOptions.MAX_SOURCES_PER_FILE) {
            throw new IllegalArgumentException("--sources must be within " + CutMergeBenchmark.MANY_ROWS + ".."
                    + GaiaGeneratorOptions.MAX_SOURCES_PER_FILE + " (one file): " + sources);
        }
        for (int repeats : List.of(repeatsFew, repeatsMany)) {
            if (repeats < 1 || repeats > MAX_REPEATS) {
                throw new IllegalArgumentException("--repeats must be within 1.." + MAX_REPEATS + ": " + repeats);
            }
        }
        if (warmup < 0 || warmup > MAX_REPEATS) {
            throw new IllegalArgumentException("--warmup must be within 0.." + MAX_REPEATS + ": " + warmup);
        }
        if (!HEAP.matcher(serviceHeap).matches()) {
            throw new IllegalArgumentException("--service-heap must look like 512m or 1g: " + serviceHeap);
        }
    }

    public static CutMergeOptions defaults() {
        return new CutMergeOptions(890_000, false, 20, 5, 3, "1g", null, false);
    }

    /** @throws IllegalArgumentException with a message fit for the user on an unknown option or a bad value */
    public static CutMergeOptions parse(List<String> args) {
        CutMergeOptions o = defaults();
        long sources = o.sources;
        boolean compress = o.compress;
        int repeatsFew = o.repeatsFew;
        int repeatsMany = o.repeatsMany;
        int warmup = o.warmup;
        String heap = o.serviceHeap;
        Path workDir = o.workDir;
        boolean keep = o.keep;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--keep" -> keep = true;
                case "--compress" -> compress = true;
                case "--sources" -> sources = BenchmarkOptions.number(arg, value(args, ++i, arg));
                case "--repeats" -> {
                    String[] parts = value(args, ++i, arg).split(",", -1);
                    if (parts.length > 2) {
                        throw new IllegalArgumentException("--repeats takes one or two numbers (10 rows, 1000 rows): "
                                + String.join(",", parts));
                    }
                    repeatsFew = smallNumber(arg, parts[0].trim());
                    repeatsMany = parts.length == 2 ? smallNumber(arg, parts[1].trim()) : repeatsFew;
                }
                case "--warmup" -> warmup = smallNumber(arg, value(args, ++i, arg));
                case "--service-heap" -> heap = value(args, ++i, arg);
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new CutMergeOptions(sources, compress, repeatsFew, repeatsMany, warmup, heap, workDir, keep);
    }

    private static int smallNumber(String option, String text) {
        return (int) Math.min(Integer.MAX_VALUE, BenchmarkOptions.number(option, text));
    }

    private static String value(List<String> args, int index, String option) {
        return BenchmarkOptions.value(args, index, option);
    }
}
