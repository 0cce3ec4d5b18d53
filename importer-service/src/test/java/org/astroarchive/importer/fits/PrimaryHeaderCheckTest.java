package org.astroarchive.importer.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The damage suites/BadInputIT found nom-tam-fits reading past: the first three cards of a primary header. */
class PrimaryHeaderCheckTest {

    private static final Path SAMPLE = Path.of("src/test/resources/samples/fits/1904-66_AZP.fits");

    @TempDir
    Path dir;

    @Test
    void acceptsTheSamplesPlainAndGzipped() throws Exception {
        assertThat(PrimaryHeaderCheck.problem(SAMPLE)).isNull();
        assertThat(PrimaryHeaderCheck.problem(Path.of("src/test/resources/samples/fits/fermi_counts.fits.gz"))).isNull();
        assertThat(PrimaryHeaderCheck.problem(Path.of("src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits"))).isNull();
    }

    @Test
    void refusesAFlippedBitInSimple() throws Exception {
        assertThat(PrimaryHeaderCheck.problem(damaged(5, (byte) ('E' ^ 0x04)))).contains("SIMPLE");
        assertThat(PrimaryHeaderCheck.problem(damaged(7, (byte) '!'))).contains("SIMPLE");
    }

    @Test
    void refusesALetterInTheValueOfBitpixOrNaxis() throws Exception {
        assertThat(PrimaryHeaderCheck.problem(damaged(80 + 15, (byte) 'X'))).contains("BITPIX");
        assertThat(PrimaryHeaderCheck.problem(damaged(160 + 29, (byte) '?'))).contains("NAXIS");
    }

    @Test
    void refusesAFileShorterThanThreeCards() throws Exception {
        assertThat(PrimaryHeaderCheck.problem(Files.write(dir.resolve("short.fits"), new byte[100]))).contains("fewer than");
    }

    @Test
    void checksTheDecompressedBytesOfAGzipFile() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(damaged(0, (byte) 'X')));
        }
        assertThat(PrimaryHeaderCheck.problem(Files.write(dir.resolve("bad.fits.gz"), gz.toByteArray()))).contains("SIMPLE");
    }

    private Path damaged(int at, byte value) throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLE);
        bytes[at] = value;
        return Files.write(dir.resolve("damaged-" + at + ".fits"), bytes);
    }
}
