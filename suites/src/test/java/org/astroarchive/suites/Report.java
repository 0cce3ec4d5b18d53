package org.astroarchive.suites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Figures and failures of a batch of answers, printed together (never only the first failure). */
final class Report {

    record Failure(Answer answer, String problem, KnownFailures.Known known) {
        String describe() {
            String body = answer.body() == null ? "" : BadInputs.abbreviate(answer.message().strip());
            return "  [" + answer.probe().category() + "] " + BadInputs.abbreviate(answer.probe().input()) + "\n      -> "
                    + answer.statusLabel() + ": " + problem + (known != null ? " (KNOWN: " + known.reason() + ")" : "")
                    + "\n      message: " + body;
        }
    }

    private Report() {
    }

    static List<Failure> failures(List<Answer> answers) {
        List<Failure> failures = new ArrayList<>();
        for (Answer answer : answers) {
            String problem = answer.problem();
            if (problem != null) {
                failures.add(new Failure(answer, problem, KnownFailures.of(answer.probe())));
            }
        }
        return failures;
    }

    /** Prints the figures and every failure; appends the figures to target/suites-figures.txt; returns the new failures. */
    static List<Failure> print(String suite, List<Answer> answers, List<Failure> failures, double seconds) {
        Map<String, Map<String, Integer>> byCategory = new TreeMap<>();
        for (Answer answer : answers) {
            byCategory.computeIfAbsent(answer.probe().category(), c -> new TreeMap<>()).merge(answer.statusLabel(), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n=== %s: %d inputs in %.1f s (seed %d, %s) ===%n", suite, answers.size(), seconds,
                SuiteArchive.seed(), SuiteArchive.full() ? "full" : "reduced"));
        byCategory.forEach((category, statuses) -> out.append(String.format("  %-22s %5d  %s%n", category,
                statuses.values().stream().mapToInt(Integer::intValue).sum(), statuses)));
        List<Failure> fresh = failures.stream().filter(f -> f.known() == null).toList();
        List<Failure> known = failures.stream().filter(f -> f.known() != null).toList();
        out.append(String.format("  failures: %d new, %d known%n", fresh.size(), known.size()));
        for (KnownFailures.Known k : KnownFailures.ALL.stream().filter(k -> byCategory.containsKey(k.category())).toList()) {
            out.append("  known failure listed: [").append(k.category()).append("] ").append(k.input()).append(": ").append(k.reason()).append('\n');
        }
        System.out.print(out);
        try {
            Path figures = Path.of("target", "suites-figures.txt");
            Files.createDirectories(figures.getParent());
            Files.writeString(figures, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not write the figures: " + e.getMessage());
        }
        for (Failure failure : known) {
            System.out.println(failure.describe());
        }
        return fresh;
    }

    static String describe(List<Failure> failures) {
        StringBuilder text = new StringBuilder(failures.size() + " input(s) broke the rules:\n");
        failures.stream().limit(200).forEach(f -> text.append(f.describe()).append('\n'));
        if (failures.size() > 200) {
            text.append("  ... and ").append(failures.size() - 200).append(" more\n");
        }
        return text.toString();
    }
}
