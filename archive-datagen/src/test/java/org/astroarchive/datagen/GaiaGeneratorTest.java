package org.astroarchive.datagen;

import io.jhdf.object.message.DataLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GaiaGeneratorTest {

    private static final int SOURCES = 300;
    private static final int PER_FILE = 150;
    /** DR3 observation period in TCB days since 2010-01-01: 2014-07-25 to 2017-05-28. */
    private static final double FIRST_DAY = 1666;
    private static final double LAST_DAY = 2705;

    @TempDir
    static Path dir;

    static GaiaGeneratorOptions options;
    static GenerationReport report;
    static List<HdfTable> sources;
    static List<HdfTable> transits;
    static List<HdfTable> crossMatches;

    @BeforeAll
    static void generateSmallSet() {
        options = GaiaGeneratorOptions.of(dir.resolve("a"), SOURCES).withSourcesPerFile(PER_FILE);
        report = GaiaGenerator.generate(options);
        sources = read(report, GaiaTable.COMPLETE_SOURCE);
        transits = read(report, GaiaTable.ASTRO_ELEMENTARY);
        crossMatches = read(report, GaiaTable.CROSS_MATCH);
    }

    private static List<HdfTable> read(GenerationReport r, GaiaTable table) {
        return r.files(table).stream().map(f -> HdfTable.read(f.path(), table)).toList();
    }

    @Test
    void writesThreeFilesPerBlockAndReportsTheirRowsAndBytes() throws IOException {
        assertThat(report.files()).extracting(f -> f.path().getFileName().toString()).containsExactly(
                "CompleteSource_000.h5", "AstroElementary_000.h5", "CrossMatch_000.h5",
                "CompleteSource_001.h5", "AstroElementary_001.h5", "CrossMatch_001.h5");
        for (WrittenFile f : report.files()) {
            assertThat(f.bytes()).isEqualTo(Files.size(f.path()));
            assertThat(f.rows()).isEqualTo(HdfTable.read(f.path(), f.table()).longAttribute("row_count"));
        }
        assertThat(report.rows(GaiaTable.COMPLETE_SOURCE)).isEqualTo(SOURCES);
        assertThat(report.rows(GaiaTable.ASTRO_ELEMENTARY)).isEqualTo(report.rows(GaiaTable.CROSS_MATCH))
                .isBetween(5L * SOURCES, 40L * SOURCES);
    }

    @Test
    void writesTheAttributesAnImporterMapsWith() {
        for (GaiaTable table : GaiaTable.values()) {
            List<HdfTable> files = read(report, table);
            for (int k = 0; k < files.size(); k++) {
                HdfTable t = files.get(k);
                assertThat(t.attributes()).containsEntry("table", table.group())
                        .containsEntry("target_table", table.targetTable())
                        .containsEntry("generator", GaiaGenerator.GENERATOR)
                        .containsEntry("format_version", 1L)
                        .containsEntry("seed", 42L)
                        .containsEntry("file_index", (long) k)
                        .containsEntry("file_count", 2L)
                        .containsEntry("total_sources", (long) SOURCES)
                        .containsEntry("source_count", (long) PER_FILE)
                        .containsEntry("healpix_order", 12L)
                        .containsEntry("ref_epoch", 2016.0)
                        .containsKeys("row_count", "source_id_min", "source_id_max");
                assertThat(t.groupAttributes()).containsEntry("target_table", table.targetTable())
                        .containsEntry("description", table.description());
                assertThat(t.columns().keySet())
                        .containsExactlyInAnyOrderElementsOf(table.columns().stream().map(ColumnSpec::name).toList());
                for (ColumnSpec spec : table.columns()) {
                    assertThat(t.column(spec.name()).attributes()).as(spec.name())
                            .containsEntry("unit", spec.unit())
                            .containsEntry("ucd", spec.ucd())
                            .containsEntry("description", spec.description());
                }
            }
        }
        assertThat(sources.get(0).attributes()).containsEntry("seed_box_sources", 5L)
                .containsEntry("seed_box_alpha_min", 1.61815).containsEntry("seed_box_delta_max", 0.40205);
        assertThat(sources.get(1).attributes()).containsEntry("seed_box_sources", 0L);
        assertThat(transits.get(1).attributes()).containsEntry("source_file", "CompleteSource_001.h5");
    }

    @Test
    void writesEachColumnWithItsHdf5TypeAndShape() {
        for (GaiaTable table : GaiaTable.values()) {
            for (HdfTable t : read(report, table)) {
                int rows = (int) t.longAttribute("row_count");
                for (ColumnSpec spec : table.columns()) {
                    HdfTable.Column c = t.column(spec.name());
                    Class<?> expectedType = switch (spec.type()) {
                        case "int64" -> long.class;
                        case "int32" -> int.class;
                        default -> double.class;
                    };
                    assertThat(c.javaType()).as(spec.name()).isEqualTo(expectedType);
                    assertThat(c.typeSize()).as(spec.name()).isEqualTo(spec.type().endsWith("32") ? 4 : 8);
                    assertThat(c.dimensions()).as(spec.name())
                            .containsExactly(spec.width() == 1 ? new int[] {rows} : new int[] {rows, spec.width()});
                    assertThat(c.layout()).isEqualTo(DataLayout.CHUNKED);
                    assertThat(c.filters()).contains("shuffle", "deflate");
                }
            }
        }
        assertThat(transits.get(0).column("ac_win_coord").dimensions()).containsExactly(
                (int) transits.get(0).longAttribute("row_count"), 10);
    }

    @Test
    void writesPositionsInRadiansOnTheSphere() {
        for (HdfTable t : sources) {
            assertThat(boxed(t.doubles("alpha")))
                    .allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(0).isLessThan(2 * Math.PI));
            assertThat(boxed(t.doubles("delta")))
                    .allSatisfy(d -> assertThat(d).isBetween(-Math.PI / 2, Math.PI / 2));
        }
    }

    @Test
    void sourceIdCarriesTheLevel12HealpixIndexOfItsPosition() {
        Set<Long> ids = new HashSet<>();
        for (HdfTable t : sources) {
            long[] id = t.longs("source_id");
            double[] alpha = t.doubles("alpha");
            double[] delta = t.doubles("delta");
            for (int i = 0; i < id.length; i++) {
                long healpix = Healpix.ang2pixNest(12, alpha[i], delta[i]);
                assertThat(id[i] >> 35).as("source %d", id[i]).isEqualTo(healpix);
                assertThat(id[i] / 34359738368L).isEqualTo(healpix);
                assertThat(id[i] & ((1L << 35) - 1)).isBetween(0L, SOURCES - 1L);
                assertThat(ids.add(id[i])).as("unique %d", id[i]).isTrue();
            }
            assertThat(id).isSorted();
            assertThat(t.longAttribute("source_id_min")).isEqualTo(id[0]);
            assertThat(t.longAttribute("source_id_max")).isEqualTo(id[id.length - 1]);
        }
    }

    /** The reference query: alpha < 1.61835 AND alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185. */
    @Test
    void placesTheSeedBoxSourcesInTheFirstFile() {
        double[] alpha = sources.get(0).doubles("alpha");
        double[] delta = sources.get(0).doubles("delta");
        long inBox = 0;
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] < 1.61835 && alpha[i] > 1.61815 && delta[i] < 0.40205 && delta[i] > 0.40185) {
                inBox++;
            }
        }
        assertThat(inBox).isEqualTo(5);
    }

    @Test
    void drawsAstrometryOfRealisticMagnitude() {
        for (HdfTable t : sources) {
            for (String error : List.of("alpha_star_error", "delta_error", "mu_alpha_star_error", "mu_delta_error",
                    "varpi_error")) {
                assertThat(boxed(t.doubles(error))).as(error)
                        .allSatisfy(e -> assertThat(e).isFinite().isBetween(0.005, 20.0));
                assertThat(median(t.doubles(error))).as(error).isBetween(0.05, 1.5);
            }
            assertThat(median(abs(t.doubles("mu_alpha_star")))).isBetween(0.3, 20.0);
            assertThat(median(abs(t.doubles("varpi")))).isBetween(0.05, 3.0);
            assertThat(boxed(t.doubles("nu_eff_used_in_astrometry")))
                    .allSatisfy(nu -> assertThat(nu).isBetween(1.24, 1.72));

            double[] rv = t.doubles("radial_velocity");
            double[] rvError = t.doubles("radial_velocity_error");
            long measured = Arrays.stream(rv).filter(v -> !Double.isNaN(v)).count();
            assertThat(measured).as("radial velocities are rare, as in Gaia").isLessThan(rv.length / 5);
            for (int i = 0; i < rv.length; i++) {
                assertThat(Double.isNaN(rvError[i])).isEqualTo(Double.isNaN(rv[i]));
                if (!Double.isNaN(rv[i])) {
                    assertThat(rvError[i]).isBetween(0.05, 50.0);
                    assertThat(rv[i]).isBetween(-1500.0, 1500.0);
                }
            }
        }
    }

    @Test
    void givesEverySourceFiveToFortyTransitsInItsOwnFileOrderedByTime() {
        for (int k = 0; k < sources.size(); k++) {
            long[] sourceIds = sources.get(k).longs("source_id");
            long[] transitSources = transits.get(k).longs("source_id");
            double[] time = transits.get(k).doubles("transit_time");
            Map<Long, Integer> counts = new HashMap<>();
            for (int r = 0; r < transitSources.length; r++) {
                assertThat(Arrays.binarySearch(sourceIds, transitSources[r])).as("transit of a known source")
                        .isNotNegative();
                counts.merge(transitSources[r], 1, Integer::sum);
                if (r > 0 && transitSources[r] == transitSources[r - 1]) {
                    assertThat(time[r]).isGreaterThan(time[r - 1]);
                }
            }
            assertThat(transitSources).isSorted();
            assertThat(counts).hasSize(sourceIds.length);
            assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(5, 40));
            assertThat(transits.get(k).longAttribute("row_count")).isEqualTo(transitSources.length);
        }
    }

    /** transit_id = OBMT/204800 ns << 17 | (FoV − 1) << 15 | CCD row << 12 | AF1 AC pixel (Gaia DR3 data model). */
    @Test
    void givesTransitsUniqueIdsThatDecodeToTheirTimeAndWindow() {
        Set<Long> ids = new HashSet<>();
        for (HdfTable t : transits) {
            long[] transitId = t.longs("transit_id");
            double[] time = t.doubles("transit_time");
            int[][] ac = t.intRows("ac_win_coord");
            for (int r = 0; r < transitId.length; r++) {
                long id = transitId[r];
                assertThat(ids.add(id)).as("unique transit_id %d", id).isTrue();
                assertThat(time[r]).isBetween(FIRST_DAY, LAST_DAY);
                double obmtNs = 204800.0 * ((id >> 17) & 0x3FFFFFFFFFFL);
                assertThat(TransitSimulator.obmtNs(time[r]) - obmtNs).isBetween(-1e3, 204800 + 1e3);
                assertThat(1 + ((id >> 15) & 0x03)).isBetween(1L, 2L);
                assertThat((id >> 12) & 0x07).isBetween(1L, 7L);
                assertThat(boxed(ac[r])).hasSize(10).allSatisfy(x -> assertThat(x).isBetween(0, 1965));
                assertThat(ac[r][1]).as("AF1 window is the transit_id's AC pixel").isEqualTo((int) (id & 0x0FFF));
            }
        }
    }

    @Test
    void crossMatchesEachTransitToItsSource() {
        for (int k = 0; k < transits.size(); k++) {
            HdfTable xm = crossMatches.get(k);
            assertThat(xm.longs("source_id")).containsExactly(transits.get(k).longs("source_id"));
            assertThat(xm.longs("transit_id")).containsExactly(transits.get(k).longs("transit_id"));
            assertThat(boxed(xm.doubles("match_distance"))).allSatisfy(d -> assertThat(d).isFinite().isPositive());
            assertThat(boxed(xm.ints("match_flag"))).allSatisfy(f -> assertThat(f).isIn(0, 1));
            assertThat(Arrays.stream(xm.ints("match_flag")).sum()).isLessThan(xm.ints("match_flag").length / 10);
        }
    }

    @Test
    void sameOptionsGiveIdenticalFiles() throws IOException {
        GenerationReport again = GaiaGenerator.generate(options.withOutputDir(dir.resolve("again")));
        for (int i = 0; i < report.files().size(); i++) {
            WrittenFile first = report.files().get(i);
            WrittenFile second = again.files().get(i);
            HdfTable a = HdfTable.read(first.path(), first.table());
            HdfTable b = HdfTable.read(second.path(), second.table());
            assertThat(b.attributes()).isEqualTo(a.attributes());
            for (String column : a.columns().keySet()) {
                assertThat(Objects.deepEquals(a.column(column).data(), b.column(column).data()))
                        .as("%s %s", first.path().getFileName(), column).isTrue();
            }
            // jHDF writes no timestamp, so even the bytes (hence the importer's checksums) repeat
            assertThat(Files.mismatch(first.path(), second.path())).as("%s", first.path().getFileName()).isEqualTo(-1);
        }
    }

    @Test
    void anotherSeedGivesOtherSources() {
        GenerationReport other = GaiaGenerator.generate(options.withSeed(43).withOutputDir(dir.resolve("seed43")));
        HdfTable t = HdfTable.read(other.files().get(0).path(), GaiaTable.COMPLETE_SOURCE);
        assertThat(boxed(t.doubles("alpha"))).isNotEqualTo(sources.get(0).doubles("alpha"));
        assertThat(t.longAttribute("seed")).isEqualTo(43);
    }

    @Test
    void writesTheSameValuesContiguousWhenCompressionIsOff() {
        GenerationReport plain =
                GaiaGenerator.generate(options.withCompress(false).withOutputDir(dir.resolve("plain")));
        for (int i = 0; i < report.files().size(); i++) {
            WrittenFile f = plain.files().get(i);
            HdfTable a = HdfTable.read(report.files().get(i).path(), f.table());
            HdfTable b = HdfTable.read(f.path(), f.table());
            for (String column : a.columns().keySet()) {
                assertThat(b.column(column).layout()).isEqualTo(DataLayout.CONTIGUOUS);
                assertThat(Objects.deepEquals(a.column(column).data(), b.column(column).data())).as(column).isTrue();
            }
        }
        assertThat(plain.bytes()).isGreaterThan(report.bytes());
    }

    @Test
    void convertsObmtToTcbBothWays() {
        // OBMT 1717.6256 rev is J2015.0 = 2015-01-01T06:00 = 1826.25 days after 2010-01-01T00:00
        assertThat(TransitSimulator.tcbDaysSinceJ2010(1717.6256 * 6 * 3600e9)).isCloseTo(1826.25, within(1e-9));
        assertThat(TransitSimulator.obmtNs(TransitSimulator.tcbDaysSinceJ2010(5e16))).isCloseTo(5e16, within(100.0));
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] abs(double[] values) {
        return Arrays.stream(values).map(Math::abs).toArray();
    }
}
