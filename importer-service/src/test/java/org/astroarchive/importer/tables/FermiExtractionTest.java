package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.importer.service.CollectionDescription;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled fermi description applied to the real FT1 sample and to synthetic FT2 files. */
class FermiExtractionTest {

    static CollectionDescription fermi;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = FermiExtractionTest.class.getClassLoader().getResourceAsStream("collections/fermi.json")) {
            fermi = new ObjectMapper().readValue(in, CollectionDescription.class);
        }
    }

    @Test
    void describesFermiAsFitsRowTables() {
        assertThat(fermi.format()).isEqualTo("fits");
        assertThat(fermi.tables()).extracting(TableMapping::table, TableMapping::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fermi.photon", "EVENTS"),
                        org.assertj.core.groups.Tuple.tuple("fermi.spacecraft", "SC_DATA"));
        for (TableMapping table : fermi.tables()) {
            table.columns().forEach(c -> assertThat(c.column()).as("lower-case identifier").matches("[a-z][a-z0-9_]*"));
        }
    }

    @Test
    void photonsBecomeBatchesCoveringEveryEventOnceWithTheirTapColumns() throws Exception {
        try (FitsTableFile file = FitsTableFile.open(FitsTableSourceTest.FT1)) {
            ExtractedTable table = new ExtractedTable(mapping("fermi.photon"), FitsTableSource.open(file, "EVENTS").orElseThrow());
            TableContent content = table.content();
            assertThat(content.table()).isEqualTo("fermi.photon");
            assertThat(content.keyName()).isEqualTo("EVENTS");
            assertThat(content.rowCount()).isEqualTo(27);
            assertThat(content.position()).isEqualTo(new TableContent.Position("ra", "dec"));
            assertThat(content.columns()).extracting(ColumnDefinition::name).containsExactly("met", "event_time", "energy",
                    "ra", "dec", "l", "b", "theta", "phi", "zenith_angle", "earth_azimuth_angle", "event_id", "run_id",
                    "recon_version", "calib_version", "event_class", "event_type", "conversion_type", "livetime",
                    "difrsp0", "difrsp1", "difrsp2", "difrsp3", "difrsp4", "pulse_phase", "fermi_phase", "t2phase");
            assertThat(column(content, "met")).isEqualTo(new ColumnDefinition("met", "double", null, null, "s", "time.epoch",
                    null, "TIME of the FT1 file (renamed: TIME is an ADQL reserved word): Mission Elapsed Time of the event, "
                    + "seconds since 2001-01-01T00:00:00 UTC (TT seconds)", true, true));
            ColumnDefinition eventTime = column(content, "event_time");
            assertThat(eventTime.datatype()).isEqualTo("char");
            assertThat(eventTime.xtype()).isEqualTo("timestamp");
            assertThat(eventTime.unit()).as("a timestamp has no unit, although TIME is in s").isNull();
            ColumnDefinition energy = column(content, "energy");
            assertThat(energy.datatype()).isEqualTo("float");
            assertThat(energy.unit()).isEqualTo("MeV");
            assertThat(energy.ucd()).startsWith("phys.energy");
            assertThat(energy.principal()).isTrue();
            assertThat(column(content, "ra").ucd()).isEqualTo("pos.eq.ra;meta.main");
            assertThat(column(content, "dec").ucd()).isEqualTo("pos.eq.dec;meta.main");
            assertThat(column(content, "l").unit()).isEqualTo("deg");
            assertThat(column(content, "event_id").datatype()).isEqualTo("int");
            assertThat(column(content, "calib_version").datatype()).isEqualTo("short");
            assertThat(column(content, "calib_version").arraysize()).isEqualTo("3");
            ColumnDefinition eventClass = column(content, "event_class");
            assertThat(eventClass.datatype()).isEqualTo("long");
            assertThat(eventClass.arraysize()).as("the 32 bits become one integer").isNull();
            assertThat(column(content, "livetime").datatype()).isEqualTo("double");
            assertThat(column(content, "pulse_phase").datatype()).isEqualTo("double");

            List<RowBatch> batches = new ArrayList<>();
            table.writeBatches("fermi:J0030+0451_w323_ft1weights.fits", "0".repeat(32), null, batches::add);
            assertThat(batches).hasSize(content.batchCount());
            long next = 0;
            Set<List<Object>> distinct = new HashSet<>();
            for (RowBatch batch : batches) {
                assertThat(batch.firstRow()).isEqualTo(next);
                assertThat(batch.table()).isEqualTo("fermi.photon");
                next += batch.rows().size();
                batch.rows().forEach(row -> distinct.add(List.of(row.get(0), row.get(11), row.get(12))));
            }
            assertThat(next).isEqualTo(27);
            assertThat(distinct).as("(time, event_id, run_id) of every event once").hasSize(27);

            List<String> names = batches.get(0).columns();
            for (RowBatch batch : batches) {
                for (List<Object> row : batch.rows()) {
                    assertThat((Float) row.get(names.indexOf("energy"))).isGreaterThan(0f);
                    assertThat((Float) row.get(names.indexOf("ra"))).isBetween(0f, 359.9999f);
                    long classes = (Long) row.get(names.indexOf("event_class"));
                    assertThat(classes & 128).as("selected as SOURCE class (EVENT_CLASS & o200)").isEqualTo(128);
                    assertThat((Long) row.get(names.indexOf("event_type")) & 3).as("FRONT or BACK").isNotZero();
                    assertThat((String) row.get(names.indexOf("event_time"))).matches("20(0[89]|1[0-5])-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
                    assertThat((short[]) row.get(names.indexOf("calib_version"))).hasSize(3);
                }
            }
            List<Object> first = batches.get(0).rows().get(0);
            assertThat(first.get(names.indexOf("energy"))).isEqualTo(548.5634f);
            // MET 429103267.99 s after 2001-01-01T00:00:00 (leap seconds ignored)
            assertThat(first.get(names.indexOf("event_time"))).isEqualTo("2014-08-07T11:21:07.990");
        }
    }

    @Test
    void spacecraftRowsOfASyntheticFt2FileWithItsLogicalsAndVectors() throws Exception {
        Path ft2 = SyntheticFt2.write(dir.resolve("ft2.fits"), 40, true);
        try (FitsTableFile file = FitsTableFile.open(ft2)) {
            assertThat(FitsTableSource.open(file, "EVENTS")).as("an FT2 file has no photons").isEmpty();
            ExtractedTable table = new ExtractedTable(mapping("fermi.spacecraft"), FitsTableSource.open(file, "SC_DATA").orElseThrow());
            TableContent content = table.content();
            assertThat(content.rowCount()).isEqualTo(40);
            assertThat(content.position()).isEqualTo(new TableContent.Position("ra_scz", "dec_scz"));
            assertThat(column(content, "sc_position").arraysize()).isEqualTo("3");
            assertThat(column(content, "sc_position").datatype()).isEqualTo("float");
            assertThat(column(content, "in_saa").datatype()).isEqualTo("boolean");
            assertThat(column(content, "start_time").xtype()).isEqualTo("timestamp");
            assertThat(column(content, "lat_mode").datatype()).isEqualTo("int");
            assertThat(column(content, "livetime").unit()).isEqualTo("s");

            List<RowBatch> batches = new ArrayList<>();
            table.writeBatches("fermi:ft2.fits", "0".repeat(32), null, batches::add);
            assertThat(batches.stream().mapToLong(b -> b.rows().size()).sum()).isEqualTo(40);
            List<String> names = batches.get(0).columns();
            List<Object> row = batches.get(0).rows().get(3);
            assertThat(row.get(names.indexOf("start"))).isEqualTo(SyntheticFt2.FIRST_START + 90.0);
            assertThat(row.get(names.indexOf("start_time"))).isEqualTo("2008-08-04T15:45:07.000");
            assertThat(row.get(names.indexOf("in_saa"))).isEqualTo(true);
            assertThat((float[]) row.get(names.indexOf("sc_position"))).hasSize(3);
            assertThat(row.get(names.indexOf("qsj_1"))).isEqualTo(0.1);
            assertThat(row.get(names.indexOf("lat_mode"))).isEqualTo(5);
        }
    }

    @Test
    void optionalFt2ColumnsMissingFromTheFileTakeTheirDefaults() throws Exception {
        Path ft2 = SyntheticFt2.write(dir.resolve("ft2-short.fits"), 3, false);
        try (FitsTableFile file = FitsTableFile.open(ft2)) {
            ExtractedTable table = new ExtractedTable(mapping("fermi.spacecraft"), FitsTableSource.open(file, "SC_DATA").orElseThrow());
            assertThat(column(table.content(), "qsj_1").datatype()).isEqualTo("double");
            List<RowBatch> batches = new ArrayList<>();
            table.writeBatches("fermi:ft2-short.fits", "0".repeat(32), null, batches::add);
            List<String> names = batches.get(0).columns();
            assertThat(batches.get(0).rows()).hasSize(3).allSatisfy(row -> {
                assertThat(row.get(names.indexOf("qsj_1"))).isEqualTo("NaN");
                assertThat(row.get(names.indexOf("ra_npole"))).isEqualTo("NaN");
                assertThat(row.get(names.indexOf("lat_mode"))).isEqualTo(5);
            });
        }
    }

    private static TableMapping mapping(String table) {
        return fermi.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
    }

    private static ColumnDefinition column(TableContent content, String name) {
        return content.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
