package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5SuperblockCheckTest {

    @TempDir
    Path dir;

    @Test
    void acceptsAFileAsJhdfWritesIt() throws Exception {
        assertThat(Hdf5SuperblockCheck.problem(written())).isNull();
    }

    @Test
    void refusesAnOverwrittenSuperblockByte() throws Exception {
        // found by suites/BadInputIT: byte 11 (consistency flags) overwritten; jHDF read it, h5dump could not open it
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[11] = 'X';
        assertThat(Hdf5SuperblockCheck.problem(Files.write(file, bytes))).contains("checksum");
    }

    @Test
    void leavesOtherFilesToTheReader() throws Exception {
        assertThat(Hdf5SuperblockCheck.problem(Files.write(dir.resolve("x.h5"), new byte[] {1, 2, 3}))).isNull();
    }

    private Path written() throws Exception {
        Path file = dir.resolve("t.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("x", new double[] {1, 2, 3});
        }
        return file;
    }
}
