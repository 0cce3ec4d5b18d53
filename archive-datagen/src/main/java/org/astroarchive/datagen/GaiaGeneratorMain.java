package org.astroarchive.datagen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Command line for {@link GaiaGenerator}. Exit status: 0 done, 1 failed while writing, 2 bad arguments. */
public final class GaiaGeneratorMain {

    static final String USAGE = """
            usage: java -jar archive-datagen.jar --sources N --out DIR [options]
              --sources N       number of sources, 1..%,d (required)
              --out DIR         output folder, created if missing; files of the same names are replaced (required)
              --per-file M      sources per CompleteSource file, 1..%,d (default %,d)
              --seed S          seed, any 64-bit integer (default %d)
              --seed-box K      sources placed in the reference query's box, in the first file (default %d)
              --no-compression  contiguous datasets instead of chunked shuffle+deflate
              --help            this text
            writes CompleteSource_NNN.h5, AstroElementary_NNN.h5 and CrossMatch_NNN.h5 (see README.md)
            """.formatted(GaiaGeneratorOptions.MAX_SOURCES, GaiaGeneratorOptions.MAX_SOURCES_PER_FILE,
            GaiaGeneratorOptions.DEFAULT_SOURCES_PER_FILE, GaiaGeneratorOptions.DEFAULT_SEED,
            GaiaGeneratorOptions.DEFAULT_SEED_BOX_SOURCES);

    private static final Pattern GENERATED = Pattern.compile("(CompleteSource|AstroElementary|CrossMatch)_\\d+\\.h5");

    private GaiaGeneratorMain() {
    }

    public static void main(String[] args) {
        // jHDF logs each dataset at INFO and warns on every file that writing is "alpha" (the files are checked
        // with h5dump in the tests): keep a command line run quiet unless the caller asked otherwise
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.jhdf.WritableHdfFile", "error");
        System.exit(run(args, System.out, System.err));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        GaiaGeneratorOptions options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.print(USAGE);
                return 0;
            }
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String plan = "writing %,d sources in %d file(s) of at most %,d into %s (seed %d, %d in the seed box)%n";
        out.printf(Locale.ROOT, plan, options.sources(), options.fileCount(), options.sourcesPerFile(),
                options.outputDir(), options.seed(), options.seedBoxSources());
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap < options.estimatedHeapBytes()) {
            err.printf(Locale.ROOT, "warning: the heap limit is %,d MB and %,d sources a file need about %,d MB:"
                            + " lower --per-file or raise -Xmx%n", maxHeap >> 20, options.sourcesPerFile(),
                    options.estimatedHeapBytes() >> 20);
        }
        try {
            GenerationReport report = GaiaGenerator.generate(options, f -> out.printf(Locale.ROOT,
                    "%-28s %,12d rows %,15d bytes%n", f.path().getFileName(), f.rows(), f.bytes()));
            out.printf(Locale.ROOT, "done in %.1f s: %d files, %,d bytes; %,d sources, %,d transits%n",
                    report.elapsed().toMillis() / 1000.0, report.files().size(), report.bytes(),
                    report.rows(GaiaTable.COMPLETE_SOURCE), report.rows(GaiaTable.ASTRO_ELEMENTARY));
            List<Path> stale = staleFiles(report);
            if (!stale.isEmpty()) {
                err.printf(Locale.ROOT, "warning: %d file(s) of an earlier run remain in %s, e.g. %s: an importer"
                        + " reading the folder would mix runs%n", stale.size(), options.outputDir(), stale.get(0));
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.printf(Locale.ROOT, "error: out of memory with a heap limit of %,d MB; %,d sources a file need about"
                    + " %,d MB: lower --per-file or raise -Xmx%n", maxHeap >> 20, options.sourcesPerFile(),
                    options.estimatedHeapBytes() >> 20);
            return 1;
        }
    }

    /** Generated-looking files this run did not write, e.g. CompleteSource_009.h5 left by a larger run. */
    static List<Path> staleFiles(GenerationReport report) {
        Set<Path> written = report.files().stream().map(WrittenFile::path).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(report.options().outputDir())) {
            return files.filter(f -> GENERATED.matcher(f.getFileName().toString()).matches())
                    .filter(f -> !written.contains(f)).sorted().toList();
        } catch (IOException e) {
            return List.of(); // only a warning depends on it
        }
    }

    static GaiaGeneratorOptions parse(String[] args) throws UsageException {
        Long sources = null;
        Path out = null;
        int perFile = GaiaGeneratorOptions.DEFAULT_SOURCES_PER_FILE;
        long seed = GaiaGeneratorOptions.DEFAULT_SEED;
        Integer seedBox = null;
        boolean compress = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) { // --sources=1000 as well as --sources 1000
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--no-compression" -> compress = false;
                case "--sources", "--out", "--per-file", "--seed", "--seed-box" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--sources" -> sources = number(arg, value);
                        case "--out" -> out = Path.of(value);
                        case "--per-file" -> perFile = (int) Math.min(Integer.MAX_VALUE, number(arg, value));
                        case "--seed" -> seed = number(arg, value);
                        default -> seedBox = (int) Math.min(Integer.MAX_VALUE, number(arg, value));
                    }
                }
                default -> throw new UsageException("unknown argument " + args[i]);
            }
        }
        if (sources == null) {
            throw new UsageException("--sources is required");
        }
        if (out == null) {
            throw new UsageException("--out is required");
        }
        // the default shrinks to fit a tiny run; an explicit count that does not fit is an error
        int inBox = seedBox != null ? seedBox
                : (int) Math.min(GaiaGeneratorOptions.DEFAULT_SEED_BOX_SOURCES, Math.min(sources, perFile));
        try {
            return new GaiaGeneratorOptions(out, sources, perFile, seed, inBox, SeedBox.REFERENCE_QUERY, compress);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Accepts 1000000, 1_000_000 and 1,000,000. */
    private static long number(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs an integer, got '" + value + "'");
        }
    }

    /** A bad command line; a null message asks for the usage text alone. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
