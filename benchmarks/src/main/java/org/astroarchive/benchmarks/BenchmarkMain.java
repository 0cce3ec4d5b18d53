package org.astroarchive.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the benchmarks' {@code main} methods share: {@code --help}, the options (exit 2 with the usage on a bad one),
 * the run (exit 1 if it failed, 0 once measured, whether or not the goals are met), everything it started stopped at
 * the end, also on Ctrl-C, unless {@code --keep}, and with {@code --summary FILE} its result rows written to FILE for
 * {@code benchmarks/run all} ({@link BenchmarkSummary}; also when the run failed, with the reason).
 */
final class BenchmarkMain {

    static final String SUMMARY_OPTION = "--summary";
    static final String SUMMARY_USAGE = "\n  --summary FILE       also write the result table as tab-separated lines to FILE (benchmarks/run all)";

    /** One run of a benchmark. */
    interface Run {
        void run() throws Exception;

        /** Stops what the run started (nothing with --keep); may be called twice (shutdown hook). */
        void stopAll();

        /** With --keep: what is still running and the commands that stop it. */
        String keptMessage();

        /** The settings and result rows reported so far; {@link BenchmarkSummary#none()} before the report. */
        BenchmarkSummary summary();
    }

    private BenchmarkMain() {
    }

    /**
     * @param subCommand {@code benchmarks/run}'s sub-command, for the command line printed in the report ("" for none)
     * @param create     the run, from the options and the command line
     */
    static <O> void main(String[] args, String subCommand, String usage, Function<List<String>, O> parse,
                         Function<O, Boolean> keep, BiFunction<O, String, Run> create) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage + SUMMARY_USAGE);
            return;
        }
        O options;
        Optional<Path> summaryFile;
        try {
            List<String> rest = new ArrayList<>(List.of(args));
            summaryFile = takeSummaryFile(rest);
            options = parse.apply(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage + SUMMARY_USAGE);
            System.exit(2);
            return;
        }
        String command = ("benchmarks/run " + subCommand + (subCommand.isEmpty() ? "" : " ") + String.join(" ", args)).trim();
        Run benchmark = create.apply(options, command);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopAll, "stop-benchmark")); // also on Ctrl-C
        int status;
        String failure = null;
        try {
            benchmark.run();
            status = 0;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (summaryFile.isPresent()) {
            BenchmarkSummary summary = failure == null ? benchmark.summary() : benchmark.summary().failed(failure);
            try {
                summary.write(summaryFile.get());
            } catch (IOException e) {
                System.err.println("could not write the summary " + summaryFile.get() + ": " + e.getMessage());
                status = 1;
            }
        }
        if (keep.apply(options)) {
            System.out.println(benchmark.keptMessage());
        }
        benchmark.stopAll();
        System.exit(status);
    }

    /** Removes {@code --summary FILE} from the arguments (the benchmarks' own options never see it) and returns FILE. */
    static Optional<Path> takeSummaryFile(List<String> args) {
        int at = args.indexOf(SUMMARY_OPTION);
        if (at < 0) {
            return Optional.empty();
        }
        Path file = Path.of(BenchmarkOptions.value(args, at + 1, SUMMARY_OPTION));
        args.subList(at, at + 2).clear();
        if (args.contains(SUMMARY_OPTION)) {
            throw new IllegalArgumentException(SUMMARY_OPTION + " given twice");
        }
        return Optional.of(file);
    }
}
