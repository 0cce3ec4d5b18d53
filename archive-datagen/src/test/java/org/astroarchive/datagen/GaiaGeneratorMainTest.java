package org.astroarchive.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GaiaGeneratorMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GaiaGeneratorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheFilesAndSaysWhatItWrote() throws Exception {
        int status = run("--sources", "20", "--per-file", "10", "--seed", "7", "--seed-box", "3",
                "--out", dir.toString());

        assertThat(status).as(err()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "CompleteSource_000.h5", "AstroElementary_000.h5", "CrossMatch_000.h5",
                    "CompleteSource_001.h5", "AstroElementary_001.h5", "CrossMatch_001.h5");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CompleteSource_001.h5", "done in", "20 sources");
        HdfTable first = HdfTable.read(dir.resolve("CompleteSource_000.h5"), GaiaTable.COMPLETE_SOURCE);
        assertThat(first.attributes()).containsEntry("seed", 7L).containsEntry("seed_box_sources", 3L);
    }

    @Test
    void warnsAboutFilesOfAnEarlierLargerRun() {
        assertThat(run("--sources", "20", "--per-file", "10", "--out", dir.toString())).isZero();
        assertThat(err()).doesNotContain("warning");

        assertThat(run("--sources", "10", "--per-file", "10", "--out", dir.toString())).isZero();
        assertThat(err()).contains("warning: 3 file(s) of an earlier run remain in " + dir,
                "AstroElementary_001.h5");
    }

    @Test
    void acceptsEqualsSignsAndGroupedDigits() throws Exception {
        GaiaGeneratorOptions options = GaiaGeneratorMain.parse(new String[] {"--sources=1_000", "--per-file=1,000",
                "--out=" + dir, "--no-compression"});
        assertThat(options.sources()).isEqualTo(1000);
        assertThat(options.sourcesPerFile()).isEqualTo(1000);
        assertThat(options.compress()).isFalse();
        assertThat(options.seedBoxSources()).isEqualTo(5);
    }

    @Test
    void shrinksTheDefaultSeedBoxToATinyRun() throws Exception {
        GaiaGeneratorOptions options =
                GaiaGeneratorMain.parse(new String[] {"--sources", "3", "--out", dir.toString()});
        assertThat(options.seedBoxSources()).isEqualTo(3);
    }

    @Test
    void rejectsAMissingSourceCount() {
        assertThat(run("--out", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("error: --sources is required", "usage:");
    }

    @Test
    void rejectsAMissingOutputFolder() {
        assertThat(run("--sources", "10")).isEqualTo(2);
        assertThat(err()).contains("error: --out is required");
    }

    @Test
    void rejectsUnknownArguments() {
        assertThat(run("--sources", "10", "--out", dir.toString(), "--colour", "red")).isEqualTo(2);
        assertThat(err()).contains("unknown argument --colour");
    }

    @Test
    void rejectsNonNumbers() {
        assertThat(run("--sources", "many", "--out", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("--sources needs an integer, got 'many'");
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertThat(run("--out", dir.toString(), "--sources")).isEqualTo(2);
        assertThat(err()).contains("--sources needs a value");
    }

    @Test
    void rejectsCountsOutOfRange() {
        assertThat(run("--sources", "0", "--out", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("sources must be within 1..");
        assertThat(run("--sources", "10", "--per-file", "2000000", "--out", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("sources per file must be within 1..1000000");
        assertThat(run("--sources", "10", "--seed-box", "11", "--out", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("seed-box sources must be within 0..min(sources, sources per file)");
    }

    @Test
    void printsUsageOnRequest() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:", "--per-file", "--seed-box");
    }
}
