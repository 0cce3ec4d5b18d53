package org.astroarchive.benchmarks;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the benchmarks' {@code main} methods share: {@code --help}, the options (exit 2 with the usage on a bad one),
 * the run (exit 1 if it failed, 0 once measured, whether or not the goals are met), and everything it started stopped
 * at the end, also on Ctrl-C, unless {@code --keep}.
 */
final class BenchmarkMain {

    /** One run of a benchmark. */
    interface Run {
        void run() throws Exception;

        /** Stops what the run started (nothing with --keep); may be called twice (shutdown hook). */
        void stopAll();

        /** With --keep: what is still running and the commands that stop it. */
        String keptMessage();
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
            System.out.println(usage);
            return;
        }
        O options;
        try {
            options = parse.apply(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        String command = ("benchmarks/run " + subCommand + (subCommand.isEmpty() ? "" : " ") + String.join(" ", args)).trim();
        Run benchmark = create.apply(options, command);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopAll, "stop-benchmark")); // also on Ctrl-C
        int status;
        try {
            benchmark.run();
            status = 0;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        if (keep.apply(options)) {
            System.out.println(benchmark.keptMessage());
        }
        benchmark.stopAll();
        System.exit(status);
    }
}
