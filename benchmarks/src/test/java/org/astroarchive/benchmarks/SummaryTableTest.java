package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one table of {@code benchmarks/run all}: merging the benchmarks' summaries, verdict lines, totals. */
class SummaryTableTest {

    private static final BenchmarkSummary INGESTION = new BenchmarkSummary("100,000 sources, 50,000 a file", List.of(
            new BenchmarkSummary.Figure("ingestion, first PUT -> all queryable", "20,267 rows/s", "-", "-", ">= 125,000 rows/s", "SHORT"),
            new BenchmarkSummary.Figure("ingestion vs COPY (same indexes)", "20,267 rows/s", "36,081 rows/s COPY", "56 %",
                    ">= 50 % of COPY", "PASS"),
            new BenchmarkSummary.Figure("importer-service memory, timed part", "428 MB peak heap of -Xmx1g, 610 MB peak RSS",
                    "-", "-", "-", "-")), null);
    private static final BenchmarkSummary TAP = new BenchmarkSummary("100,000 sources, cone clients [1, 8]", List.of(
            new BenchmarkSummary.Figure("seed query, /tap/sync, median", "31.5 ms", "0.51 ms JDBC", "61.3 x", "<= 10.0 ms", "SHORT")),
            null);

    @Test
    void readsEachRunsSummaryFileEvenWithColonsInItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a:b.tsv");
        INGESTION.write(file);

        SummaryTable.Section section = SummaryTable.section("ingestion:0:151:" + file);

        assertThat(section).isEqualTo(new SummaryTable.Section("ingestion", 0, 151, INGESTION));
        assertThat(section.failed()).isFalse();
    }

    @Test
    void aRunWithoutSummaryFileOrWithANonZeroExitHasFailed(@TempDir Path dir) throws Exception {
        SummaryTable.Section missing = SummaryTable.section("tap:1:30:" + dir.resolve("none.tsv"));
        assertThat(missing.summary()).isNull();
        assertThat(missing.failed()).isTrue();

        Path file = dir.resolve("cutmerge.tsv");
        Files.writeString(file, "nonsense\n");
        SummaryTable.Section unreadable = SummaryTable.section("cutmerge:0:30:" + file);
        assertThat(unreadable.failed()).isTrue();
        assertThat(unreadable.summary().failure()).contains("unreadable").contains("unknown kind 'nonsense'");

        assertThat(new SummaryTable.Section("tap", 1, 5, TAP).failed()).isTrue();
        assertThat(new SummaryTable.Section("tap", 0, 5, TAP.failed("1 request(s) failed")).failed()).isTrue();
    }

    @Test
    void rejectsMalformedRunArguments() {
        assertThatThrownBy(() -> SummaryTable.section("ingestion:0:/tmp/x")).hasMessageContaining("NAME:EXIT:SECONDS:FILE");
        assertThatThrownBy(() -> SummaryTable.section("tap:x:1:/tmp/x")).hasMessageContaining("whole number");
    }

    @Test
    void oneTableHasEveryFigureOfEveryBenchmarkUnderItsName() {
        String out = SummaryTable.render(List.of(new SummaryTable.Section("ingestion", 0, 151, INGESTION),
                new SummaryTable.Section("tap", 0, 200, TAP)), false, 360);

        List<String> lines = out.lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("benchmark").contains("figure").contains("baseline (same run)")
                .contains("ratio").contains("goal").contains("result"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ingestion  ingestion vs COPY (same indexes)")
                .contains("36,081 rows/s COPY").contains("56 %").contains(">= 50 % of COPY").endsWith("PASS"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("tap        seed query, /tap/sync, median")
                .contains("0.51 ms JDBC").endsWith("SHORT"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ingestion  importer-service memory, timed part")
                .contains("428 MB peak heap of -Xmx1g, 610 MB peak RSS"));
        assertThat(lines).contains("ingestion (2 min 31 s): 100,000 sources, 50,000 a file",
                "tap (3 min 20 s): 100,000 sources, cone clients [1, 8]");
        assertThat(out).doesNotContain("QUICK");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("3 goal(s): 1 PASS, 2 SHORT; 0 of 2 benchmark(s) failed; total wall time 6 min 00 s");
    }

    @Test
    void saysWhichFiguresFallShortAndWhichBenchmarksFailed() {
        List<SummaryTable.Section> sections = List.of(new SummaryTable.Section("ingestion", 0, 151, INGESTION),
                new SummaryTable.Section("tap", 0, 200, TAP),
                new SummaryTable.Section("cutmerge", 1, 90, BenchmarkSummary.none().failed("cutmerge-service died:\nlog tail")),
                new SummaryTable.Section("extra", 137, 5, null));

        assertThat(SummaryTable.verdictLines(sections)).containsExactly(
                "SHORT   ingestion: ingestion, first PUT -> all queryable is 20,267 rows/s, goal >= 125,000 rows/s (an absolute goal, no baseline)",
                "SHORT   tap: seed query, /tap/sync, median is 31.5 ms, goal <= 10.0 ms (same-run baseline 0.51 ms JDBC)",
                "FAILED  cutmerge (exit 1): cutmerge-service died:",
                "FAILED  extra (exit 137): it wrote no summary; see its output above");
        String out = SummaryTable.render(sections, false, 446);
        assertThat(out).contains("cutmerge   (no figures: the run failed, see below)");
        assertThat(out).endsWith("3 goal(s): 1 PASS, 2 SHORT; 2 of 4 benchmark(s) failed; total wall time 7 min 26 s\n");
    }

    @Test
    void aQuickRunIsLabelledAsNotTheDocumentedFigures() {
        String out = SummaryTable.render(List.of(new SummaryTable.Section("tap", 0, 59, TAP)), true, -1);

        assertThat(out).contains("QUICK RUN (benchmarks/run all --quick)").contains("not the documented figures");
        assertThat(out).contains("tap (59 s): ").contains("total wall time unknown");
    }
}
