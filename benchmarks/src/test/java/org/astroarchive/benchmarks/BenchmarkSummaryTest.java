package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary file each benchmark writes for {@code benchmarks/run all}, the --summary option and the memory figures. */
class BenchmarkSummaryTest {

    private static final BenchmarkSummary.Figure RATE = new BenchmarkSummary.Figure("ingestion, first PUT -> all queryable",
            "20,267 rows/s", "-", "-", ">= 125,000 rows/s", "SHORT");

    @Test
    void roundTripsThroughAFileKeepingTabsNewlinesAndBackslashes(@TempDir Path dir) throws Exception {
        BenchmarkSummary summary = new BenchmarkSummary("100,000 sources\tquick", List.of(RATE,
                new BenchmarkSummary.Figure("odd \\ cell\\", "a\tb", "line 1\nline 2", "\\t is not a tab", "", "-")), null)
                .failed("tap-service died:\nlog tail\r\nlast line");
        Path file = dir.resolve("tap.tsv");

        summary.write(file);

        assertThat(BenchmarkSummary.read(file)).isEqualTo(summary);
        assertThat(Files.readAllLines(file)).hasSize(4) // settings, failure, two figures: no raw newline inside a cell
                .allSatisfy(line -> assertThat(line.split("\t", -1)[0]).isIn("settings", "failure", "figure"));
    }

    @Test
    void aMeasuredRunHasNoFailureLine() {
        String tsv = new BenchmarkSummary("s", List.of(RATE), null).toTsv();

        assertThat(tsv).isEqualTo("settings\ts\nfigure\tingestion, first PUT -> all queryable\t20,267 rows/s\t-\t-\t"
                + ">= 125,000 rows/s\tSHORT\n");
        assertThat(BenchmarkSummary.parse(tsv).failure()).isNull();
    }

    @Test
    void takesTheResultTableRowsWithoutItsHeader() {
        TextTable results = new TextTable("metric", "value", "baseline", "ratio", "goal", "result");
        results.row(RATE.cells());
        results.row("COPY, same indexes (baseline)", "36,081 rows/s", "-", "-", "-", "-");

        BenchmarkSummary summary = BenchmarkSummary.of("settings", results);

        assertThat(summary.figures()).extracting(BenchmarkSummary.Figure::figure)
                .containsExactly("ingestion, first PUT -> all queryable", "COPY, same indexes (baseline)");
        assertThat(summary.figures().get(0).isShort()).isTrue();
        assertThat(summary.figures().get(1).isShort()).isFalse();
        assertThat(summary.figures().get(1).isPass()).isFalse();
    }

    @Test
    void rejectsLinesOfAnUnknownKindOrWithMissingCells() {
        assertThatThrownBy(() -> BenchmarkSummary.parse("settings\tx\nrow\ta\n")).hasMessageContaining("line 2: unknown kind 'row'");
        assertThatThrownBy(() -> BenchmarkSummary.parse("figure\ta\tb\n")).hasMessageContaining("7 fields, not 3");
        assertThatThrownBy(() -> BenchmarkSummary.parse("settings\ta\tb\n")).hasMessageContaining("takes one value");
        assertThatThrownBy(() -> BenchmarkSummary.Figure.of(new String[] {"only", "two"})).hasMessageContaining("not 2");
    }

    @Test
    void summaryOptionIsTakenOutBeforeTheBenchmarksOwnOptions() {
        List<String> args = new ArrayList<>(List.of("--sources", "1e5", "--summary", "/tmp/x/ingestion.tsv", "--keep"));

        assertThat(BenchmarkMain.takeSummaryFile(args)).contains(Path.of("/tmp/x/ingestion.tsv"));
        assertThat(args).containsExactly("--sources", "1e5", "--keep");
        assertThat(BenchmarkOptions.parse(args).sources()).isEqualTo(100_000);

        List<String> none = new ArrayList<>(List.of("--keep"));
        assertThat(BenchmarkMain.takeSummaryFile(none)).isEqualTo(Optional.empty());
        assertThat(none).containsExactly("--keep");
    }

    @Test
    void summaryOptionNeedsOneFile() {
        assertThatThrownBy(() -> BenchmarkMain.takeSummaryFile(new ArrayList<>(List.of("--summary"))))
                .hasMessageContaining("--summary needs a value");
        assertThatThrownBy(() -> BenchmarkMain.takeSummaryFile(new ArrayList<>(List.of("--summary", "a", "--summary", "b"))))
                .hasMessageContaining("given twice");
    }

    @Test
    void readsResidentSetFieldsOfProcStatusInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  600000 kB\nVmRSS:\t  512000 kB\nThreads:\t42\n";

        assertThat(MemorySampler.statusField(status, "VmHWM")).isEqualTo(600_000L * 1024);
        assertThat(MemorySampler.statusField(status, "VmRSS")).isEqualTo(512_000L * 1024);
        assertThat(MemorySampler.statusField(status, "Threads")).isEqualTo(42);
        assertThat(MemorySampler.statusField(status, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void readsThisJvmsOwnResidentSet() {
        long rss = MemorySampler.statusBytes(ProcessHandle.current().pid(), "VmRSS");

        assertThat(rss).isGreaterThan(1_000_000); // a running JVM holds more than a megabyte
        assertThat(MemorySampler.statusBytes(ProcessHandle.current().pid(), "VmHWM")).isGreaterThanOrEqualTo(rss);
    }

    @Test
    void describesPeaksWithTheHeapLimitAndUnknownsAsQuestionMarks() {
        MemorySampler.Peak peak = MemorySampler.Peak.max(new MemorySampler.Peak(428_000_000, -1),
                new MemorySampler.Peak(100_000_000, 610_500_000));

        assertThat(peak).isEqualTo(new MemorySampler.Peak(428_000_000, 610_500_000));
        assertThat(peak.describe("1g")).isEqualTo("428 MB peak heap of -Xmx1g, 610 MB peak RSS");
        assertThat(MemorySampler.Peak.UNKNOWN.describe("512m")).isEqualTo("? peak heap of -Xmx512m, ? peak RSS");
    }
}
