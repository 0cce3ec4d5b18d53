package org.astroarchive.datagen;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The files must open in the reference HDF5 library, not only in jHDF: checked with Debian's hdf5-tools. */
class Hdf5ToolsInteropTest {

    @TempDir
    static Path dir;

    static GenerationReport report;

    @BeforeAll
    static void generate() {
        report = GaiaGenerator.generate(GaiaGeneratorOptions.of(dir, 100));
    }

    @Test
    void h5lsListsEveryDatasetWithItsShape() {
        for (WrittenFile f : report.files()) {
            String listing = run("h5ls", "-r", f.path().toString());
            String group = "/" + f.table().group();
            assertThat(listing).contains(group + " ");
            for (ColumnSpec column : f.table().columns()) {
                String shape = "\\{" + f.rows() + (column.width() == 1 ? "" : ", " + column.width()) + "}";
                assertThat(listing).as(f.path().getFileName().toString())
                        .containsPattern(group + "/" + column.name() + "\\s+Dataset " + shape);
            }
        }
    }

    @Test
    void h5dumpReadsCompressedValuesAndAttributes() {
        Path file = report.files(GaiaTable.COMPLETE_SOURCE).get(0).path();
        long firstId = HdfTable.read(file, GaiaTable.COMPLETE_SOURCE).longs("source_id")[0];

        String values = run("h5dump", "-d", "/CompleteSource/source_id", "-c", "1", file.toString());
        assertThat(values).contains("H5T_STD_I64LE").contains("(0): " + firstId);

        String unit = run("h5dump", "-a", "/CompleteSource/alpha/unit", file.toString());
        assertThat(unit).contains("\"rad\"");

        Path transits = report.files(GaiaTable.ASTRO_ELEMENTARY).get(0).path();
        String header = run("h5dump", "-H", "-p", "-d", "/AstroElementary/ac_win_coord", transits.toString());
        assertThat(header).contains("H5T_STD_I32LE", "SHUFFLE", "DEFLATE");
    }

    private static String run(String... command) {
        if (!onPath(command[0])) {
            fail(command[0] + " is not on the PATH: install Debian's hdf5-tools (deploy/local/install.sh does)");
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s exit status; output:%n%s", String.join(" ", command), text)
                    .isZero();
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + Arrays.toString(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
