package org.astroarchive.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end of {@code benchmarks/run all}: one table of every benchmark's figures, each next to its same-run baseline
 * and goal, from the summaries the benchmarks wrote ({@link BenchmarkSummary}), then every figure that falls short
 * of its goal, every benchmark that failed, and the total wall time.
 *
 * <pre>
 * java -cp benchmarks.jar org.astroarchive.benchmarks.SummaryTable [--quick] [--wall SECONDS] NAME:EXIT:SECONDS:FILE...
 * </pre>
 * One {@code NAME:EXIT:SECONDS:FILE} a benchmark run: its name, its exit status, its wall time and the summary file it
 * was asked to write (possibly missing: the run died first). Exit status 0 when every benchmark was measured (PASS
 * or SHORT alike, as the benchmarks themselves), 1 when one failed, 2 on bad arguments.
 */
public final class SummaryTable {

    static final String USAGE = "usage: SummaryTable [--quick] [--wall SECONDS] NAME:EXIT:SECONDS:FILE...";
    /** Longest failure message shown; the benchmark's own output above has the rest. */
    private static final int FAILURE_CHARS = 300;

    /** One benchmark run; {@code summary} is null when it wrote none. */
    record Section(String name, int exitStatus, long seconds, BenchmarkSummary summary) {

        boolean failed() {
            return exitStatus != 0 || summary == null || summary.failure() != null;
        }

        List<BenchmarkSummary.Figure> figures() {
            return summary == null ? List.of() : summary.figures();
        }
    }

    private SummaryTable() {
    }

    public static void main(String[] args) {
        boolean quick = false;
        long wall = -1;
        List<Section> sections = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--wall" -> wall = BenchmarkOptions.number("--wall", BenchmarkOptions.value(List.of(args), ++i, "--wall"));
                    default -> sections.add(section(args[i]));
                }
            }
            if (sections.isEmpty()) {
                throw new IllegalArgumentException("no benchmark runs given");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.out.print(render(sections, quick, wall));
        System.exit(sections.stream().anyMatch(Section::failed) ? 1 : 0);
    }

    /** {@code NAME:EXIT:SECONDS:FILE}, with the summary read from FILE if it is there (the file may hold colons). */
    static Section section(String arg) {
        String[] parts = arg.split(":", 4);
        if (parts.length != 4 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected NAME:EXIT:SECONDS:FILE, got " + arg);
        }
        int exit = (int) BenchmarkOptions.number("exit status of " + parts[0], parts[1]);
        long seconds = BenchmarkOptions.number("seconds of " + parts[0], parts[2]);
        Path file = Path.of(parts[3]);
        BenchmarkSummary summary = null;
        if (Files.isRegularFile(file)) {
            try {
                summary = BenchmarkSummary.read(file);
            } catch (IOException | IllegalArgumentException e) {
                summary = BenchmarkSummary.none().failed("its summary " + file + " is unreadable: " + e.getMessage());
            }
        }
        return new Section(parts[0], exit, seconds, summary);
    }

    static String render(List<Section> sections, boolean quick, long wallSeconds) {
        StringBuilder out = new StringBuilder("\n");
        if (quick) {
            out.append("ALL BENCHMARKS, QUICK RUN (benchmarks/run all --quick): small sizes and short measurements, to check\n"
                    + "that everything runs. These are not the documented figures (docs/performance.md); compare each figure\n"
                    + "with its same-run baseline only.\n\n");
        } else {
            out.append("ALL BENCHMARKS (benchmarks/run all): each figure next to its baseline measured in the same run\n\n");
        }
        for (Section section : sections) {
            out.append(section.name()).append(" (").append(duration(section.seconds())).append("): ")
                    .append(section.summary() == null || section.summary().settings().isEmpty()
                            ? "no settings reported" : section.summary().settings()).append('\n');
        }
        out.append('\n');

        TextTable table = new TextTable("benchmark", "figure", "value", "baseline (same run)", "ratio", "goal", "result");
        for (Section section : sections) {
            if (section.figures().isEmpty()) {
                table.row(section.name(), "(no figures: the run failed, see below)", "", "", "", "", "FAILED");
            }
            for (BenchmarkSummary.Figure figure : section.figures()) {
                String[] cells = figure.cells();
                String[] row = new String[cells.length + 1];
                row[0] = section.name();
                System.arraycopy(cells, 0, row, 1, cells.length);
                table.row(row);
            }
        }
        out.append(table.render()).append('\n');

        List<String> verdicts = verdictLines(sections);
        verdicts.forEach(line -> out.append(line).append('\n'));
        out.append(totalLine(sections, wallSeconds)).append('\n');
        return out.toString();
    }

    /**
     * One line per figure that falls short of its goal ({@code SHORT ...}) and per benchmark that failed
     * ({@code FAILED ...}), in the order of the table.
     */
    static List<String> verdictLines(List<Section> sections) {
        List<String> lines = new ArrayList<>();
        for (Section section : sections) {
            for (BenchmarkSummary.Figure figure : section.figures()) {
                if (figure.isShort()) {
                    lines.add(String.format(Locale.ROOT, "SHORT   %s: %s is %s, goal %s%s", section.name(), figure.figure(),
                            figure.value(), figure.goal(), BenchmarkSummary.NONE.equals(figure.baseline())
                                    ? " (an absolute goal, no baseline)" : " (same-run baseline " + figure.baseline() + ")"));
                }
            }
        }
        for (Section section : sections) {
            if (section.failed()) {
                String why = section.summary() != null && section.summary().failure() != null
                        ? firstLine(section.summary().failure())
                        : section.summary() == null ? "it wrote no summary; see its output above" : "see its output above";
                lines.add(String.format(Locale.ROOT, "FAILED  %s (exit %d): %s", section.name(), section.exitStatus(), why));
            }
        }
        return lines;
    }

    /** Counts of verdicts and failures, and the wall time of the whole run. */
    static String totalLine(List<Section> sections, long wallSeconds) {
        long pass = sections.stream().flatMap(s -> s.figures().stream()).filter(BenchmarkSummary.Figure::isPass).count();
        long shortOf = sections.stream().flatMap(s -> s.figures().stream()).filter(BenchmarkSummary.Figure::isShort).count();
        long failed = sections.stream().filter(Section::failed).count();
        return String.format(Locale.ROOT, "%d goal(s): %d PASS, %d SHORT; %d of %d benchmark(s) failed; total wall time %s",
                pass + shortOf, pass, shortOf, failed, sections.size(),
                wallSeconds < 0 ? "unknown" : duration(wallSeconds));
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    private static String firstLine(String text) {
        String first = text.strip().lines().findFirst().orElse("(no message)");
        return first.length() <= FAILURE_CHARS ? first : first.substring(0, FAILURE_CHARS) + " ...";
    }
}
