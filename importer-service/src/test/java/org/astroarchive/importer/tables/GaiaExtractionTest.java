package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.importer.service.CollectionDescription;
import org.astroarchive.importer.service.CollectionDescription.ColumnMapping;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled gaia description applied to files of archive-datagen, read with jHDF. */
class GaiaExtractionTest {

    @TempDir
    static Path dir;

    static GenerationReport report;
    static CollectionDescription gaia;

    @BeforeAll
    static void generate() throws Exception {
        report = GaiaGenerator.generate(GaiaGeneratorOptions.of(dir, 300).withSourcesPerFile(150));
        try (InputStream in = GaiaExtractionTest.class.getClassLoader().getResourceAsStream("collections/gaia.json")) {
            gaia = new ObjectMapper().readValue(in, CollectionDescription.class);
        }
    }

    @Test
    void sourcesBecomeBatchesCoveringEveryRowOnceWithUnitsFromTheFileAndTheDescription() throws Exception {
        Path file = report.files(GaiaTable.COMPLETE_SOURCE).get(0).path();
        try (HdfFile hdf = new HdfFile(file)) {
            TableSource source = Hdf5TableSource.open(hdf, "/CompleteSource").orElseThrow();
            ExtractedTable table = new ExtractedTable(mapping("gaia.completesource"), source);
            TableContent content = table.content();
            assertThat(content.rowCount()).isEqualTo(150);
            assertThat(content.keyName()).isEqualTo("/CompleteSource");
            assertThat(content.position()).isEqualTo(new TableContent.Position("ra", "dec"));
            ColumnDefinition alpha = column(content, "alpha");
            assertThat(alpha.unit()).as("from the dataset's unit attribute").isEqualTo("rad");
            assertThat(alpha.datatype()).isEqualTo("double");
            assertThat(alpha.ucd()).as("the description overrides the file").isEqualTo("pos.eq.ra");
            assertThat(column(content, "ra").unit()).isEqualTo("deg");
            assertThat(column(content, "source_id").datatype()).isEqualTo("long");
            assertThat(column(content, "varpi").unit()).isEqualTo("mas");

            List<RowBatch> batches = new ArrayList<>();
            table.writeBatches("gaia:" + file.getFileName(), "0".repeat(32), null, batches::add);
            assertThat(batches).hasSize(content.batchCount());
            long next = 0;
            for (RowBatch batch : batches) {
                assertThat(batch.firstRow()).isEqualTo(next);
                assertThat(batch.batchCount()).isEqualTo(batches.size());
                next += batch.rows().size();
            }
            assertThat(next).isEqualTo(150);
            List<String> names = batches.get(0).columns();
            List<Object> row = batches.get(0).rows().get(0);
            double alphaValue = (Double) row.get(names.indexOf("alpha"));
            assertThat((Double) row.get(names.indexOf("ra"))).isCloseTo(Math.toDegrees(alphaValue), org.assertj.core.data.Offset.offset(1e-12));
            long sourceId = (Long) row.get(names.indexOf("source_id"));
            assertThat(sourceId >> 35).as("HEALPix bits").isBetween(0L, 12L * (1L << 24) - 1);
        }
    }

    @Test
    void transitsKeepTheirWindowArrayAndGetATimestamp() throws Exception {
        Path file = report.files(GaiaTable.ASTRO_ELEMENTARY).get(0).path();
        try (HdfFile hdf = new HdfFile(file)) {
            ExtractedTable table = new ExtractedTable(mapping("gaia.astroelementary"),
                    Hdf5TableSource.open(hdf, "/AstroElementary").orElseThrow());
            TableContent content = table.content();
            assertThat(content.rowCount()).isEqualTo(report.files(GaiaTable.ASTRO_ELEMENTARY).get(0).rows());
            assertThat(column(content, "ac_win_coord").datatype()).isEqualTo("int");
            assertThat(column(content, "ac_win_coord").arraysize()).isEqualTo("10");
            assertThat(column(content, "transit_time").xtype()).isEqualTo("timestamp");
            assertThat(column(content, "transit_time").datatype()).isEqualTo("char");

            List<RowBatch> batches = new ArrayList<>();
            table.writeBatches("gaia:x.h5", "0".repeat(32), null, batches::add);
            assertThat(batches.stream().mapToLong(b -> b.rows().size()).sum()).isEqualTo(content.rowCount());
            List<Object> row = batches.get(0).rows().get(0);
            assertThat((int[]) row.get(2)).hasSize(10);
            assertThat((String) row.get(3)).matches("201[4-7]-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        }
    }

    @Test
    void aMappedDatasetMissingFromTheFileIsNamedWithWhatTheFileHas() throws Exception {
        Path file = report.files(GaiaTable.CROSS_MATCH).get(0).path();
        TableMapping broken = new TableMapping("gaia.crossmatch", "/CrossMatch", "x", null, null,
                List.of(new ColumnMapping("match_sigma", "match_sigma", null, null, null, null)));
        try (HdfFile hdf = new HdfFile(file)) {
            TableSource source = Hdf5TableSource.open(hdf, "/CrossMatch").orElseThrow();
            assertThatThrownBy(() -> new ExtractedTable(broken, source))
                    .isInstanceOf(InvalidTableException.class)
                    .hasMessageContaining("match_sigma")
                    .hasMessageContaining("match_distance");
            assertThat(Hdf5TableSource.open(hdf, "/CompleteSource")).as("another table of the collection").isEmpty();
        }
    }

    private static TableMapping mapping(String table) {
        return gaia.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
    }

    private static ColumnDefinition column(TableContent content, String name) {
        return content.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
