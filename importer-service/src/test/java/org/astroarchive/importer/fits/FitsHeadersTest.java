package org.astroarchive.importer.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitsHeadersTest {

    private static final Path SAMPLES = Path.of("src/test/resources/samples/fits");

    @Test
    void readsEveryHduOfAMultiExtensionFile() throws Exception {
        List<Map<String, Object>> hdus = read(SAMPLES.resolve("science-mef.fits"));

        assertThat(hdus).hasSize(4);
        assertThat(hdus.get(0)).containsEntry("NAXIS", 0L);
        assertThat(hdus.get(1)).containsEntry("NAXIS1", 10L);
    }

    @Test
    void readsGzipCompressedFiles() throws Exception {
        List<Map<String, Object>> hdus = read(SAMPLES.resolve("fermi_counts.fits.gz"));

        assertThat(hdus).hasSize(2);
        assertThat(hdus.get(1)).containsEntry("NAXIS1", 401L).containsEntry("NAXIS2", 201L);
    }

    @Test
    void rejectsATruncatedFileSayingHowMuchIsMissing(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(SAMPLES.resolve("1904-66_AZP.fits"));
        Path cut = dir.resolve("cut.fits");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 2880 * 10));

        assertThatThrownBy(() -> read(cut)).isInstanceOf(InvalidFitsException.class)
                .hasMessageContaining("truncated").hasMessageContaining("161280");
    }

    @Test
    void rejectsAFileThatIsNotFits(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.fits");
        Files.writeString(text, "these are not the data you are looking for\n".repeat(100));

        assertThatThrownBy(() -> read(text)).isInstanceOf(InvalidFitsException.class);
    }

    private static List<Map<String, Object>> read(Path path) throws InvalidFitsException {
        File file = path.toFile();
        return FitsHeaders.read(file, file.length());
    }
}
