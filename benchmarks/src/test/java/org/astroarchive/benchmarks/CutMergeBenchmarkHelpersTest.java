package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Argument parsing, row sets and answer checks of the Cut & Merge benchmark; the benchmark itself runs only from benchmarks/run. */
class CutMergeBenchmarkHelpersTest {

    @Test
    void defaultsAreOneFileOfAboutHundredMegabytesAndTwentyAndFiveRequests() {
        CutMergeOptions options = CutMergeOptions.parse(List.of());
        assertThat(options).isEqualTo(new CutMergeOptions(890_000, false, 20, 5, 3, "1g", null, false));
    }

    @Test
    void readsEveryOption() {
        CutMergeOptions options = CutMergeOptions.parse(List.of("--sources", "1.78e5", "--compress", "--repeats", "3",
                "--warmup", "0", "--service-heap", "512m", "--work-dir", "/tmp/cm", "--keep"));
        assertThat(options).isEqualTo(new CutMergeOptions(178_000, true, 3, 3, 0, "512m", Path.of("/tmp/cm"), true));
        assertThat(CutMergeOptions.parse(List.of("--repeats", "20, 4"))).extracting(CutMergeOptions::repeatsFew,
                CutMergeOptions::repeatsMany).containsExactly(20, 4);
    }

    @Test
    void rejectsBadSourcesRepeatsAndUnknownOptions() {
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--sources", "999"))).hasMessageContaining("1000..1000000");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--sources", "2e6"))).hasMessageContaining("one file");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--repeats", "0"))).hasMessageContaining("1..10000");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--repeats", "1,2,3"))).hasMessageContaining("one or two numbers");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--repeats", "a"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--warmup", "-1"))).hasMessageContaining("0..10000");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--service-heap", "big"))).hasMessageContaining("512m");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--clients", "8"))).hasMessageContaining("unknown option --clients");
        assertThatThrownBy(() -> CutMergeOptions.parse(List.of("--repeats"))).hasMessageContaining("--repeats needs a value");
    }

    @Test
    void rowSetsAreDistinctRowsSpreadOverTheFileAndTheSameEveryRun() {
        List<int[]> sets = CutMergeBenchmark.rowSets(new Random(42), 50, 10, 1_000_000);
        assertThat(sets).hasSize(50);
        for (int[] set : sets) {
            assertThat(set).hasSize(10).doesNotHaveDuplicates();
            assertThat(Arrays.stream(set).allMatch(row -> row >= 0 && row < 1_000_000)).isTrue();
        }
        assertThat(sets.stream().flatMapToInt(Arrays::stream).max().getAsInt()).isGreaterThan(900_000);
        assertThat(sets.stream().flatMapToInt(Arrays::stream).min().getAsInt()).isLessThan(100_000);
        List<int[]> again = CutMergeBenchmark.rowSets(new Random(42), 50, 10, 1_000_000);
        for (int i = 0; i < sets.size(); i++) {
            assertThat(again.get(i)).containsExactly(sets.get(i));
        }
        // a small file: every set still differs from the others, so the result cache never answers
        List<int[]> small = CutMergeBenchmark.rowSets(new Random(1), 20, 2, 10);
        assertThat(small.stream().map(s -> Arrays.stream(s).sorted().boxed().toList()).distinct()).hasSize(20);
        assertThatThrownBy(() -> CutMergeBenchmark.rowSets(new Random(1), 1, 11, 10)).hasMessageContaining("11 rows");
    }

    @Test
    void runsAreContiguousStretchesOfSortedRows() {
        assertThat(CutMergeBenchmark.runs(new int[] {1, 2, 3, 7, 9, 10})).containsExactly(new int[] {1, 3},
                new int[] {7, 1}, new int[] {9, 2});
        assertThat(CutMergeBenchmark.runs(new int[0])).isEmpty();
    }

    @Test
    void rejectsAnswersThatAreNotTheRowsAskedFor() {
        assertThatThrownBy(() -> CutMergeBenchmark.check(500, "FatalFault: md5".getBytes(), "", new long[] {1}))
                .hasMessageContaining("HTTP 500: FatalFault: md5");
        assertThatThrownBy(() -> CutMergeBenchmark.check(200, "<VOTABLE/>".getBytes(), "miss", new long[] {1}))
                .hasMessageContaining("not an HDF5 file");
        byte[] signatureOnly = Arrays.copyOf(CutMergeBenchmark.HDF5_SIGNATURE, 64);
        assertThatThrownBy(() -> CutMergeBenchmark.check(200, signatureOnly, "", new long[] {1}))
                .hasMessageContaining("X-Cutmerge-Cache");
        assertThat(CutMergeBenchmark.scalarNumber(new long[] {10})).isEqualTo(10);
        assertThat(CutMergeBenchmark.scalarNumber(1000)).isEqualTo(1000);
    }

    @Test
    void takesTheRowIdPrefixFromTheDataLinkAccessUrl() {
        assertThat(CutMergeBenchmark.idPrefix("http://localhost:8080/datalink?ID=ivo%3A%2F%2Fastroarchive.example"
                + "%2Fgaia.completesource%3F43533788604379", 43533788604379L)).isEqualTo("ivo://astroarchive.example/gaia.completesource?");
        assertThatThrownBy(() -> CutMergeBenchmark.idPrefix("http://localhost:8080/datalink?ID=ivo%3A%2F%2Fa%2Fb%3F1", 2))
                .hasMessageContaining("no row ID");
    }

    @Test
    void readsTheServiceBuildTimesFromItsLog() {
        String log = """
                {"message":"cut & merge 0a1b: 10 rows (0 added by the transit correction) from 1 files in 812 ms"}
                {"message":"cut & merge 0a1b: 10 IDs served from the cache in 4 ms"}
                {"message":"cut \\u0026 merge ff00: 1000 rows (0 added by the transit correction) from 1 files in 1320 ms"}
                {"message":"cut & merge 2c3d: 10 rows (0 added by the transit correction) from 1 files (1 of them in the local cache) in 9 ms"}
                """;
        assertThat(CutMergeBenchmark.serviceMillis(log, false)).containsExactly(812L, 1320L, 9L);
        assertThat(CutMergeBenchmark.serviceMillis(log, true)).containsExactly(4L);
    }
}
