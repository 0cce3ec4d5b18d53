package org.astroarchive.cutmerge.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-run hyperslabs and whole-dataset reads give the same result file, on contiguous (uncompressed) and on chunked
 * shuffle + deflate progenitors from archive-datagen; and the builder picks whole reads only for filtered datasets.
 */
class MergeBuilderReadingTest {

    private static final String GROUP = "/CompleteSource";
    /** 12 runs (more than MAX_RUNS_PER_DATASET), one of them 3 rows long, in no particular order. */
    private static final int[] ROWS = {150, 3, 77, 78, 79, 199, 0, 120, 41, 10, 64, 180, 99, 23};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "compressed = {0}")
    @ValueSource(booleans = {false, true})
    void perRunAndWholeReadsWriteIdenticalFiles(boolean compressed) throws Exception {
        GaiaGenerator.generate(GaiaGeneratorOptions.of(dir, 200).withSourcesPerFile(200).withCompress(compressed));
        Path progenitor = dir.resolve("CompleteSource_000.h5");
        Path perRun = merge(progenitor, (dataset, runs) -> MergeBuilder.Reading.PER_RUN, "per-run.h5");
        Path whole = merge(progenitor, (dataset, runs) -> MergeBuilder.Reading.WHOLE, "whole.h5");
        Path chosen = merge(progenitor, MergeBuilder.Reading::of, "chosen.h5");
        // progress told in batches of whole runs of at most 4 rows: 0 3 10 23 | 41 64 | 77-79 99 | 120 150 180 199
        List<Integer> reports = new ArrayList<>();
        Path batched = merge(progenitor, MergeBuilder.Reading::of, "batched.h5", 4, reports::add);
        assertThat(reports).containsExactly(4, 2, 4, 4);
        assertThat(Files.mismatch(batched, whole)).as("first differing byte").isEqualTo(-1L);

        assertThat(Files.mismatch(perRun, whole)).as("first differing byte").isEqualTo(-1L);
        assertThat(Files.mismatch(chosen, whole)).as("first differing byte").isEqualTo(-1L);
        try (HdfFile source = new HdfFile(progenitor); HdfFile result = new HdfFile(perRun)) {
            Group original = MergeBuilder.group(source, GROUP);
            int datasets = 0;
            for (Node node : original) {
                Dataset dataset = (Dataset) node;
                assertThat(dataset.getFilters()).as(node.getName()).hasSize(compressed ? 2 : 0);
                assertThat(MergeBuilder.Reading.of(dataset, 12)).isEqualTo(compressed ? MergeBuilder.Reading.WHOLE
                        : MergeBuilder.Reading.PER_RUN);
                assertThat(MergeBuilder.Reading.of(dataset, 8)).isEqualTo(MergeBuilder.Reading.PER_RUN);
                Object all = dataset.getData();
                Object copied = result.getDatasetByPath(GROUP + "/" + node.getName()).getData();
                for (int i = 0; i < ROWS.length; i++) {
                    assertThat(Array.get(copied, i)).as(node.getName() + " row " + i)
                            .isEqualTo(Array.get(all, ROWS[i]));
                }
                datasets++;
            }
            assertThat(datasets).isGreaterThan(10);
        }
    }

    private Path merge(Path progenitor, java.util.function.BiFunction<Dataset, Integer, MergeBuilder.Reading> reading,
                       String name) {
        return merge(progenitor, reading, name, MergeBuilder.PROGRESS_ROWS, rows -> { });
    }

    private Path merge(Path progenitor, java.util.function.BiFunction<Dataset, Integer, MergeBuilder.Reading> reading,
                       String name, int progressRows, java.util.function.IntConsumer progress) {
        MergeBuilder builder = new MergeBuilder(Map.of(GROUP, ROWS.length), reading, progressRows);
        int[] output = new int[ROWS.length];
        for (int i = 0; i < output.length; i++) {
            output[i] = i;
        }
        try (HdfFile hdf = new HdfFile(progenitor)) {
            Group group = MergeBuilder.group(hdf, GROUP);
            int rows = Array.getLength(MergeBuilder.keys(group, "source_id"));
            assertThat(MergeBuilder.runs(ROWS.clone(), output.clone())).hasSize(12);
            builder.copy(group, GROUP, rows, ROWS.clone(), output, progress);
        }
        Path out = dir.resolve(name);
        builder.write(out, Map.of("request", "test"), Map.of("row_index", java.util.Arrays.stream(ROWS)
                .asLongStream().toArray()), Map.of());
        return out;
    }
}
