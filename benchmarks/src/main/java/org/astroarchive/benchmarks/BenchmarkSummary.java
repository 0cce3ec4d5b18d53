package org.astroarchive.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run hands to {@code benchmarks/run all}: its settings, the rows of its result table (figure,
 * value, same-run baseline, ratio, goal, PASS/SHORT/-) and, if the run failed, why. Written with {@code --summary FILE}
 * as tab-separated lines ({@code settings}, {@code failure}, then one {@code figure} line a row; tabs, newlines and
 * backslashes escaped), which {@link SummaryTable} merges into one table.
 *
 * @param settings what was run, e.g. {@code 100,000 sources, 50,000 a file, ...}
 * @param figures  the result table's rows, in its order
 * @param failure  why the run failed (exit 1), or null if it was measured
 */
record BenchmarkSummary(String settings, List<Figure> figures, String failure) {

    static final String PASS = "PASS";
    static final String SHORT = "SHORT";
    /** An empty cell: the figure has no baseline, ratio, goal or verdict. */
    static final String NONE = "-";

    /** One row of a result table. */
    record Figure(String figure, String value, String baseline, String ratio, String goal, String result) {

        static Figure of(String[] cells) {
            if (cells.length != 6) {
                throw new IllegalArgumentException("a figure has 6 cells (figure, value, baseline, ratio, goal, result), not "
                        + cells.length);
            }
            return new Figure(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
        }

        String[] cells() {
            return new String[] {figure, value, baseline, ratio, goal, result};
        }

        boolean isShort() {
            return SHORT.equals(result);
        }

        boolean isPass() {
            return PASS.equals(result);
        }
    }

    BenchmarkSummary {
        figures = List.copyOf(figures);
    }

    /** The rows of a benchmark's result table (figure, value, baseline, ratio, goal, result). */
    static BenchmarkSummary of(String settings, TextTable results) {
        return new BenchmarkSummary(settings, results.rows().stream().map(Figure::of).toList(), null);
    }

    /** No figures: the run failed before its report, or wrote none. */
    static BenchmarkSummary none() {
        return new BenchmarkSummary("", List.of(), null);
    }

    static String verdict(boolean met) {
        return met ? PASS : SHORT;
    }

    BenchmarkSummary failed(String why) {
        return new BenchmarkSummary(settings, figures, why == null ? "(no message)" : why);
    }

    String toTsv() {
        StringBuilder out = new StringBuilder();
        out.append("settings\t").append(escape(settings)).append('\n');
        if (failure != null) {
            out.append("failure\t").append(escape(failure)).append('\n');
        }
        for (Figure figure : figures) {
            out.append("figure");
            for (String cell : figure.cells()) {
                out.append('\t').append(escape(cell));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException on a line that is not one of the three kinds */
    static BenchmarkSummary parse(String tsv) {
        String settings = "";
        String failure = null;
        List<Figure> figures = new ArrayList<>();
        String[] lines = tsv.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] fields = lines[i].split("\t", -1);
            for (int f = 0; f < fields.length; f++) {
                fields[f] = unescape(fields[f]);
            }
            switch (fields[0]) {
                case "settings" -> settings = field(fields, 1, i);
                case "failure" -> failure = field(fields, 1, i);
                case "figure" -> {
                    if (fields.length != 7) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": a figure line has 7 fields, not " + fields.length);
                    }
                    figures.add(new Figure(fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]));
                }
                default -> throw new IllegalArgumentException("line " + (i + 1) + ": unknown kind '" + fields[0] + "'");
            }
        }
        return new BenchmarkSummary(settings, figures, failure);
    }

    void write(Path file) throws IOException {
        Files.writeString(file, toTsv(), StandardCharsets.UTF_8);
    }

    static BenchmarkSummary read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String field(String[] fields, int index, int line) {
        if (fields.length != index + 1) {
            throw new IllegalArgumentException("line " + (line + 1) + ": '" + fields[0] + "' takes one value");
        }
        return fields[index];
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> out.append(next); // '\\' and anything else escaped stand for themselves
            }
        }
        return out.toString();
    }
}
