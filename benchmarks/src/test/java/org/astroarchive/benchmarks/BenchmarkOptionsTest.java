package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Argument parsing and output helpers only: the benchmark itself is run by benchmarks/run, never by mvn verify. */
class BenchmarkOptionsTest {

    @Test
    void defaultsAreAMillionSourcesInFilesOfAQuarterMillion() {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of());
        assertThat(options.sources()).isEqualTo(1_000_000);
        assertThat(options.perFile()).isEqualTo(250_000);
        assertThat(options.withTransits()).isFalse();
        assertThat(options.keep()).isFalse();
        assertThat(options.uploadThreads()).isEqualTo(1);
        assertThat(options.serviceHeap()).isEqualTo("1g");
        assertThat(options.workDir()).isNull();
        assertThat(options.warmup()).isTrue();
    }

    @Test
    void readsEveryOption() {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--sources", "20_000", "--per-file", "1e4", "--keep",
                "--with-transits", "--upload-threads", "2", "--service-heap", "768m", "--timeout", "60",
                "--work-dir", "/tmp/bench", "--no-warmup"));
        assertThat(options).isEqualTo(new BenchmarkOptions(20_000, 10_000, true, 2, "768m", 60, Path.of("/tmp/bench"), true, false));
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--rows", "5"))).hasMessageContaining("unknown option --rows");
        assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--sources"))).hasMessageContaining("--sources needs a value");
        assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--sources", "many"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--sources", "0"))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchmarkOptions.parse(List.of("--service-heap", "lots"))).hasMessageContaining("512m");
    }

    @Test
    void sumsTheHeapPoolsOfAPrometheusText() {
        String metrics = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 1.0E9
                """;
        assertThat(MemorySampler.heapUsedIn(metrics)).isEqualTo(OptionalLong.of(35_000_000));
        assertThat(MemorySampler.heapUsedIn("# nothing\n")).isEmpty();
    }

    @Test
    void formatsRatesAndVerdicts() {
        assertThat(IngestionBenchmark.perSecond(125_000.4)).isEqualTo("125,000 rows/s");
        assertThat(IngestionBenchmark.percent(0.5)).isEqualTo("50 %");
        assertThat(IngestionBenchmark.verdict(false)).isEqualTo("SHORT");
        assertThat(new TextTable("a", "bb").row("ccc", "d").render()).isEqualTo("a    bb\n---  --\nccc  d\n");
    }
}
