package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.NullDataHDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fermi LAT FT1 sample of the PINT project (fermi/PINT_LICENSE.md) and synthetic tables, read with nom-tam-fits. */
class FitsTableSourceTest {

    static final Path FT1 = Path.of("src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits");

    @TempDir
    Path dir;

    @Test
    void readsEveryEventOfTheFt1SampleWithTheRowCountOfItsHeader() throws Exception {
        int naxis2;
        try (Fits fits = new Fits(FT1.toFile())) {
            naxis2 = fits.getHDU("EVENTS").getHeader().getIntValue("NAXIS2");
        }
        assertThat(naxis2).isEqualTo(27);
        try (FitsTableFile file = FitsTableFile.open(FT1)) {
            TableSource events = FitsTableSource.open(file, "EVENTS").orElseThrow();
            assertThat(events.rowCount()).isEqualTo(naxis2);
            assertThat(events.columnNames()).startsWith("ENERGY", "RA", "DEC", "L", "B", "THETA", "PHI", "ZENITH_ANGLE")
                    .contains("TIME", "EVENT_CLASS", "EVENT_TYPE", "CONVERSION_TYPE", "LIVETIME", "PULSE_PHASE").hasSize(27);

            float[] energy = (float[]) events.read("ENERGY", 0, naxis2);
            float[] ra = (float[]) events.read("RA", 0, naxis2);
            float[] dec = (float[]) events.read("DEC", 0, naxis2);
            double[] time = (double[]) events.read("TIME", 0, naxis2);
            for (int i = 0; i < naxis2; i++) {
                // the file's own selection (HISTORY): 100 < ENERGY <= 100000, within 2 deg of (7.614, 4.861)
                assertThat(energy[i]).isGreaterThan(100f).isLessThanOrEqualTo(100_000f);
                assertThat(ra[i]).isGreaterThanOrEqualTo(0f).isLessThan(360f);
                assertThat(Math.abs(ra[i] - 7.614f)).isLessThan(2.5f);
                assertThat(dec[i]).isBetween(-90f, 90f);
                assertThat(time[i]).isBetween(239557517.0, 458611204.0);
            }
            assertThat(energy[0]).isEqualTo(548.5634f);
            assertThat(((int[]) events.read("EVENT_ID", 0, 1))[0]).isEqualTo(11669209);
        }
    }

    @Test
    void describesColumnsFromTtypeTformAndTunit() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(FT1)) {
            TableSource events = FitsTableSource.open(file, "EVENTS").orElseThrow();
            assertThat(events.column("ENERGY")).contains(
                    new TableSource.SourceColumn("ENERGY", "float", null, "MeV", null, "energy of event"));
            assertThat(events.column("time")).as("names compare without case").hasValueSatisfying(c -> {
                assertThat(c.name()).isEqualTo("TIME");
                assertThat(c.datatype()).isEqualTo("double");
                assertThat(c.unit()).isEqualTo("s");
            });
            assertThat(events.column("RUN_ID").orElseThrow().datatype()).isEqualTo("int");
            assertThat(events.column("CONVERSION_TYPE").orElseThrow().datatype()).isEqualTo("short");
            TableSource.SourceColumn calib = events.column("CALIB_VERSION").orElseThrow();
            assertThat(calib.datatype()).isEqualTo("short");
            assertThat(calib.arraysize()).isEqualTo("3");
            TableSource.SourceColumn eventClass = events.column("EVENT_CLASS").orElseThrow();
            assertThat(eventClass.datatype()).isEqualTo("boolean");
            assertThat(eventClass.arraysize()).isEqualTo("32");
            assertThat(events.column("PULSE_PHASE").orElseThrow().arraysize()).as("TFORM 1D is a scalar").isNull();
            assertThat(events.column("NO_SUCH_COLUMN")).isEmpty();
        }
    }

    @Test
    void readsArrayColumnsAsArraysOfPrimitiveArraysAndSlicesAgree() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(FT1)) {
            TableSource events = FitsTableSource.open(file, "EVENTS").orElseThrow();
            boolean[][] eventClass = (boolean[][]) events.read("EVENT_CLASS", 0, 27);
            short[][] calib = (short[][]) events.read("CALIB_VERSION", 0, 27);
            assertThat(eventClass[0]).hasSize(32);
            assertThat(calib[0]).hasSize(3);
            for (boolean[] bits : eventClass) {
                // the file was selected with (EVENT_CLASS & o200) != 0: bit 7 counted from the last bit
                assertThat(bits[31 - 7]).isTrue();
            }
            float[] all = (float[]) events.read("ENERGY", 0, 27);
            float[] head = (float[]) events.read("ENERGY", 0, 10);
            float[] tail = (float[]) events.read("ENERGY", 10, 17);
            float[] joined = Arrays.copyOf(head, 27);
            System.arraycopy(tail, 0, joined, 10, 17);
            assertThat(joined).containsExactly(all);
            assertThat((boolean[][]) events.read("EVENT_TYPE", 26, 1)).hasDimensions(1, 32);
        }
    }

    @Test
    void findsOtherExtensionsByExtnameAndNoneForAnUnknownOne() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(FT1)) {
            assertThat(FitsTableSource.open(file, "GTI").orElseThrow().rowCount()).isEqualTo(39098);
            assertThat(FitsTableSource.open(file, "events")).isPresent();
            assertThat(FitsTableSource.open(file, "SC_DATA")).isEmpty();
            assertThat(file.extensionNames()).containsExactly("EVENTS", "GTI");
        }
    }

    @Test
    void refusesAnImageExtensionAsATable() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(Path.of("src/test/resources/samples/fits/fermi_counts.fits.gz"))) {
            assertThat(file.extensionNames()).containsExactly("N_ON");
            assertThatThrownBy(() -> FitsTableSource.open(file, "N_ON"))
                    .isInstanceOf(InvalidTableException.class).hasMessageContaining("N_ON").hasMessageContaining("not a binary table");
        }
    }

    @Test
    void readsAGzipFileThroughATemporaryCopyRemovedOnClose() throws Exception {
        Path gz = dir.resolve("ft1.fits.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(FT1, out);
        }
        try (FitsTableFile file = FitsTableFile.open(gz)) {
            TableSource events = FitsTableSource.open(file, "EVENTS").orElseThrow();
            assertThat(events.rowCount()).isEqualTo(27);
            assertThat(((float[]) events.read("ENERGY", 0, 1))[0]).isEqualTo(548.5634f);
            try (var listing = Files.list(dir)) {
                assertThat(listing.count()).isEqualTo(2);
            }
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("ft1.fits.gz");
        }
    }

    @Test
    void rejectsTruncatedFt1FilesWhereverTheyAreCut() throws Exception {
        byte[] bytes = Files.readAllBytes(FT1);
        // in the EVENTS header, in the EVENTS rows, in the GTI rows
        for (int length : new int[] {20_000, 27_000, 400_000, bytes.length - 1}) {
            Path cut = dir.resolve("cut-" + length + ".fits");
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> FitsTableFile.open(cut).close()).as("cut at %d", length)
                    .isInstanceOf(InvalidTableException.class)
                    .hasMessageContaining("truncated").hasMessageContaining(Integer.toString(length));
        }
    }

    @Test
    void rejectsFilesThatAreNotFitsOrNotGzip() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.fits"), "SIMPLE? no, just text\n".repeat(200));
        assertThatThrownBy(() -> FitsTableFile.open(text)).isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("not a");
        Path empty = Files.write(dir.resolve("empty.fits"), new byte[0]);
        assertThatThrownBy(() -> FitsTableFile.open(empty)).isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("FITS");
        Path gz = dir.resolve("cut.fits.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(FT1, out);
        }
        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
        assertThatThrownBy(() -> FitsTableFile.open(gz)).isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("not a readable gzip file");
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().contains("-"))).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void readsTheSyntheticFt2WithLogicalsIntegersAndVectors() throws Exception {
        Path ft2 = SyntheticFt2.write(dir.resolve("ft2.fits"), 12, true);
        try (FitsTableFile file = FitsTableFile.open(ft2)) {
            TableSource sc = FitsTableSource.open(file, "SC_DATA").orElseThrow();
            assertThat(sc.rowCount()).isEqualTo(12);
            assertThat(sc.column("IN_SAA").orElseThrow().datatype()).isEqualTo("boolean");
            assertThat(sc.column("SC_POSITION").orElseThrow().arraysize()).isEqualTo("3");
            assertThat(sc.column("SC_POSITION").orElseThrow().unit()).isEqualTo("m");
            assertThat(sc.column("LAT_MODE").orElseThrow().datatype()).isEqualTo("int");
            assertThat((boolean[]) sc.read("IN_SAA", 0, 12)).containsExactly(
                    false, false, false, true, false, false, false, false, false, false, true, false);
            float[][] position = (float[][]) sc.read("SC_POSITION", 2, 3);
            assertThat(position).hasDimensions(3, 3);
            double norm = Math.sqrt(position[0][0] * (double) position[0][0] + position[0][1] * (double) position[0][1]
                    + position[0][2] * (double) position[0][2]);
            assertThat(norm).isCloseTo(6_908_137.0, org.assertj.core.data.Offset.offset(10.0));
            assertThat((double[]) sc.read("START", 1, 1)).containsExactly(SyntheticFt2.FIRST_START + 30.0);
        }
    }

    @Test
    void readsTheSameValuesElementByElementAsByBlocks() throws Exception {
        Path scaled = writeScaledTable();
        Path ft2 = SyntheticFt2.write(dir.resolve("ft2.fits"), 5, true);
        Map<String, Object> byBlock = readAll(FT1, "EVENTS");
        byBlock.putAll(readAll(scaled, "SCALED"));
        byBlock.putAll(readAll(ft2, "SC_DATA"));
        long saved = FitsTableSource.maxBlockBytes;
        Map<String, Object> byElement;
        try {
            FitsTableSource.maxBlockBytes = 0;
            byElement = readAll(FT1, "EVENTS");
            byElement.putAll(readAll(scaled, "SCALED"));
            byElement.putAll(readAll(ft2, "SC_DATA"));
        } finally {
            FitsTableSource.maxBlockBytes = saved;
        }
        assertThat(byBlock).as("two slices of 27 + 5 + 24 columns").hasSize(112);
        assertThat(byElement).hasSameSizeAs(byBlock);
        byBlock.forEach((column, values) ->
                assertThat(Objects.deepEquals(values, byElement.get(column))).as(column).isTrue());
    }

    private static Map<String, Object> readAll(Path path, String extname) throws Exception {
        Map<String, Object> values = new TreeMap<>();
        try (FitsTableFile file = FitsTableFile.open(path)) {
            TableSource source = FitsTableSource.open(file, extname).orElseThrow();
            for (String column : source.columnNames()) {
                // two reads, so a block boundary falls inside the table
                Object head = source.read(column, 0, 2);
                Object tail = source.read(column, 2, (int) source.rowCount() - 2);
                values.put(extname + "." + column + "[0,2)", head);
                values.put(extname + "." + column + "[2,n)", tail);
            }
        }
        return values;
    }

    @Test
    void appliesTzeroAndTscalAsFitsDefinesThem() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(writeScaledTable())) {
            TableSource source = FitsTableSource.open(file, "SCALED").orElseThrow();
            assertThat(source.column("U16").orElseThrow().datatype()).isEqualTo("int");
            assertThat((int[]) source.read("U16", 0, 3)).containsExactly(0, 32768, 65535);
            assertThat(source.column("U32").orElseThrow().datatype()).isEqualTo("long");
            assertThat((long[]) source.read("U32", 0, 3)).containsExactly(0L, 2147483648L, 2147483653L);
            assertThat(source.column("U8").orElseThrow().datatype()).isEqualTo("short");
            assertThat((short[]) source.read("U8", 0, 3)).containsExactly((short) 255, (short) 0, (short) 1);
            assertThat(source.column("SCALED").orElseThrow().datatype()).isEqualTo("double");
            assertThat((double[]) source.read("SCALED", 0, 3)).containsExactly(105.0, 110.0, Double.NaN);
            assertThat(source.column("LABEL").orElseThrow().datatype()).isEqualTo("char");
            assertThat((String[]) source.read("LABEL", 0, 3)).containsExactly("SOURCE", "CLEAN", "ULTRACLEAN");
        }
    }

    private Path writeScaledTable() throws Exception {
        BinaryTable table = new BinaryTable();
        table.addColumn(new short[] {-32768, 0, 32767});  // I, TZERO 32768: unsigned 16-bit
        table.addColumn(new int[] {Integer.MIN_VALUE, 0, 5}); // J, TZERO 2^31: unsigned 32-bit
        table.addColumn(new byte[] {(byte) 0xff, 0, 1});   // B: unsigned by definition
        table.addColumn(new short[] {10, 20, -1});         // I, TSCAL 0.5 TZERO 100, TNULL -1
        table.addColumn(new String[] {"SOURCE", "CLEAN", "ULTRACLEAN"});
        BinaryTableHDU hdu = table.toHDU();
        String[] names = {"U16", "U32", "U8", "SCALED", "LABEL"};
        for (int c = 0; c < names.length; c++) {
            hdu.setColumnName(c, names[c], null);
        }
        Header header = hdu.getHeader();
        header.addValue("TZERO1", 32768, "");
        header.addValue("TZERO2", 2147483648L, "");
        header.addValue("TSCAL4", 0.5, "");
        header.addValue("TZERO4", 100.0, "");
        header.addValue("TNULL4", -1, "");
        header.addValue("EXTNAME", "SCALED", "");
        Path path = dir.resolve("scaled.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(new NullDataHDU());
            fits.addHDU(hdu);
            fits.write(new File(path.toString()));
        }
        return path;
    }
}
