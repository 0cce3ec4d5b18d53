package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.importer.service.CollectionDescription;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled pluto and ramses descriptions over the samples of samples/simulations (see its README). */
class SimulationExtractionTest {

    static final Path PLUTO = SimulationSamples.DIR.resolve(SimulationSamples.PLUTO_FILE);
    static final Path RAMSES = SimulationSamples.DIR.resolve(SimulationSamples.RAMSES_FILE);

    @TempDir
    Path dir;

    @Test
    void aPlutoSnapshotIsOneRowWithTimeGridVariablesAndCodeUnits() throws Exception {
        TableMapping mapping = mapping("pluto");
        try (HdfFile hdf = new HdfFile(PLUTO)) {
            TableSource source = Hdf5AttributesSource.open(hdf, mapping.source()).orElseThrow();
            ExtractedTable table = new ExtractedTable(mapping, source);
            TableContent content = table.content();
            assertThat(content.table()).isEqualTo("pluto.snapshots");
            assertThat(content.rowCount()).isEqualTo(1);
            assertThat(content.keyName()).isEqualTo("/Timestep_*");
            assertThat(column(content, "unit_length").unit()).isEqualTo("cm");
            assertThat(column(content, "output_number").datatype()).isEqualTo("long");
            assertThat(column(content, "grid_shape").datatype()).isEqualTo("char");

            Map<String, Object> row = onlyRow(table);
            assertThat(row).containsEntry("code", "PLUTO")
                    .containsEntry("output_number", 1L)
                    .containsEntry("ndim", 2L)
                    .containsEntry("grid_shape", "16x16")
                    .containsEntry("ncells", 256L)
                    .containsEntry("time_unit", "unit_length/unit_velocity s");
            assertThat((Double) row.get("snapshot_time")).isEqualTo(SimulationSamples.PLUTO_TIME);
            assertThat(((String) row.get("variables")).split(",")).containsExactlyInAnyOrder("rho", "vx1", "vx2", "prs");
            assertThat((Double) row.get("unit_length")).as("from the file, not PLUTO's default (1 au)")
                    .isEqualTo(SimulationSamples.UNIT_LENGTH);
            assertThat((Double) row.get("unit_density")).isEqualTo(SimulationSamples.UNIT_DENSITY);
            assertThat((Double) row.get("unit_velocity")).isEqualTo(SimulationSamples.UNIT_VELOCITY);
        }
    }

    @Test
    void aPlutoFileWithoutUnitAttributesGetsPlutosDefaultUnits() throws Exception {
        Path file = dir.resolve("data.0007.dbl.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            var step = hdf.putGroup("Timestep_7");
            step.putAttribute("Time", 3.5);
            step.putGroup("vars").putDataset("rho", new double[4][8][2]);
        }
        Map<String, Object> row = plutoRow(file);
        assertThat(row).containsEntry("output_number", 7L).containsEntry("ndim", 3L).containsEntry("grid_shape", "4x8x2")
                .containsEntry("variables", "rho");
        assertThat((Double) row.get("unit_length")).as("PLUTO's default UNIT_LENGTH, 1 au").isEqualTo(1.49597892e13);
    }

    @Test
    void aPlutoFileWithoutATimestepGroupHoldsNoSnapshot() throws Exception {
        Path file = dir.resolve("no-timestep.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("UNIT_LENGTH", 1.0);
            hdf.putGroup("cell_coords").putDataset("X", new double[] {0.5});
        }
        try (HdfFile hdf = new HdfFile(file)) {
            assertThat(Hdf5AttributesSource.open(hdf, "/Timestep_*")).as("IngestService then rejects the file").isEmpty();
        }
    }

    @Test
    void aPlutoTimestepWithoutItsVariablesIsRejectedNamingWhatIsMissing() throws Exception {
        Path file = dir.resolve("data.0002.dbl.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("Timestep_2").putAttribute("Time", 1.0);
        }
        assertThatThrownBy(() -> plutoRow(file))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("vars/rho#ndim")
                .hasMessageContaining("/Timestep_*")
                .hasMessageContaining("Time");
    }

    @Test
    void severalTimestepGroupsAreAmbiguous() throws Exception {
        Path file = dir.resolve("two.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("Timestep_1").putAttribute("Time", 1.0);
            hdf.putGroup("Timestep_2").putAttribute("Time", 2.0);
        }
        try (HdfFile hdf = new HdfFile(file)) {
            assertThatThrownBy(() -> Hdf5AttributesSource.open(hdf, "/Timestep_*"))
                    .isInstanceOf(InvalidTableException.class)
                    .hasMessageContaining("ambiguous");
        }
    }

    @Test
    void aRamsesInfoFileIsOneRowWithGridTimeCosmologyAndUnits() throws Exception {
        TableMapping mapping = mapping("ramses");
        ExtractedTable table = new ExtractedTable(mapping, KeyValueTextSource.read(RAMSES));
        TableContent content = table.content();
        assertThat(content.table()).isEqualTo("ramses.snapshots");
        assertThat(content.rowCount()).isEqualTo(1);
        assertThat(column(content, "levelmax").datatype()).isEqualTo("long");
        assertThat(column(content, "unit_l").datatype()).isEqualTo("double");
        assertThat(column(content, "unit_t").unit()).isEqualTo("s");
        assertThat(column(content, "ordering").datatype()).isEqualTo("char");

        Map<String, Object> row = onlyRow(table);
        assertThat(row).containsEntry("code", "RAMSES")
                .containsEntry("ncpu", 4L)
                .containsEntry("ndim", 3L)
                .containsEntry("levelmin", 7L)
                .containsEntry("levelmax", 14L)
                .containsEntry("ngridmax", 250000L)
                .containsEntry("step", 412L)
                .containsEntry("ordering", "hilbert");
        assertThat((Double) row.get("boxlen")).isEqualTo(1.0);
        assertThat((Double) row.get("aexp")).isEqualTo(0.5);
        assertThat((Double) row.get("redshift")).isEqualTo(1.0, offset(1e-12));
        assertThat((Double) row.get("h0")).as("key H0, column h0").isEqualTo(67.74);
        assertThat((Double) row.get("omega_m")).isEqualTo(0.3089);
        assertThat((Double) row.get("omega_b")).isEqualTo(0.0486);
        assertThat((Double) row.get("snapshot_time")).as("super-conformal time").isBetween(-1.2, -1.0);
        assertThat((Double) row.get("unit_l")).isEqualTo(0.454679657514024E+26);
        assertThat((Double) row.get("unit_t")).isEqualTo(0.113669914378506E+18);
    }

    @Test
    void readsKeyValueLinesUntilTheDomainTable() throws Exception {
        Path file = dir.resolve("info_00002.txt");
        Files.writeString(file, "ncpu        =          1\n\nboxlen      =  0.1D+01\nordering type=hilbert   \n"
                + "   DOMAIN   ind_min                 ind_max\n       1   0.0E+00   0.8E+01\nlate = 3\n");
        KeyValueTextSource source = KeyValueTextSource.read(file);
        assertThat(source.columnNames()).containsExactly("ncpu", "boxlen", "ordering type");
        assertThat((long[]) source.read("ncpu", 0, 1)).containsExactly(1L);
        assertThat((double[]) source.read("boxlen", 0, 1)).as("Fortran D exponent").containsExactly(1.0);
        assertThat((String[]) source.read("ordering type", 0, 1)).containsExactly("hilbert");
        assertThat(source.column("late")).as("after the first line that is not key = value").isEmpty();
    }

    @Test
    void rejectsAnInfoFileOfGarbage() throws Exception {
        Path text = dir.resolve("garbage.txt");
        Files.writeString(text, "this is not an info file\nncpu = 4\n");
        assertThatThrownBy(() -> KeyValueTextSource.read(text))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("not a key = value text file")
                .hasMessageContaining("line 1");

        Path binary = dir.resolve("garbage.bin");
        byte[] bytes = new byte[2048];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(binary, bytes);
        assertThatThrownBy(() -> KeyValueTextSource.read(binary))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("not a text file");

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n \n");
        assertThatThrownBy(() -> KeyValueTextSource.read(empty))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("no key = value line");
    }

    @Test
    void anInfoFileWithoutAMappedKeyIsRejectedNamingIt() throws Exception {
        Path file = dir.resolve("info_00003.txt");
        Files.writeString(file, "ncpu        =          1\nndim        =          3\n");
        assertThatThrownBy(() -> new ExtractedTable(mapping("ramses"), KeyValueTextSource.read(file)))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("levelmin")
                .hasMessageContaining("[ncpu, ndim]");
    }

    @Test
    void theCommittedSamplesAreWhatTheGeneratorWrites() throws Exception {
        SimulationSamples.main(new String[] {dir.toString()});
        assertThat(Files.readString(dir.resolve(SimulationSamples.RAMSES_FILE), StandardCharsets.US_ASCII))
                .isEqualTo(Files.readString(RAMSES, StandardCharsets.US_ASCII));
        assertThat(plutoRow(dir.resolve(SimulationSamples.PLUTO_FILE))).isEqualTo(plutoRow(PLUTO));
    }

    private static Map<String, Object> plutoRow(Path file) throws Exception {
        TableMapping mapping = mapping("pluto");
        try (HdfFile hdf = new HdfFile(file)) {
            return onlyRow(new ExtractedTable(mapping, Hdf5AttributesSource.open(hdf, mapping.source()).orElseThrow()));
        }
    }

    private static Map<String, Object> onlyRow(ExtractedTable table) throws Exception {
        List<RowBatch> batches = new ArrayList<>();
        table.writeBatches("sim:x", "0".repeat(32), null, batches::add);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).rows()).hasSize(1);
        Map<String, Object> row = new HashMap<>();
        List<String> names = batches.get(0).columns();
        for (int c = 0; c < names.size(); c++) {
            row.put(names.get(c), batches.get(0).rows().get(0).get(c));
        }
        return row;
    }

    private static TableMapping mapping(String collection) throws Exception {
        try (InputStream in = SimulationExtractionTest.class.getClassLoader().getResourceAsStream("collections/" + collection + ".json")) {
            CollectionDescription description = new ObjectMapper().readValue(in, CollectionDescription.class);
            assertThat(description.tables()).hasSize(1);
            assertThat(description.tables().get(0).fileLevel()).isTrue();
            return description.tables().get(0);
        }
    }

    private static ColumnDefinition column(TableContent content, String name) {
        return content.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
