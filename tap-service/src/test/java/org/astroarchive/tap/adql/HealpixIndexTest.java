package org.astroarchive.tap.adql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/**
 * ivo_healpix_index end to end on Gaia-like sources from archive-datagen, loaded into gaia.completesource as
 * metadata-service loads them (alpha, delta in radians; ra, dec in degrees): Gaia's source_id carries the level-12
 * NESTED index above its low 35 bits, so {@code source_id / 34359738368} must equal the index the TAP service computes.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class HealpixIndexTest {

    private static final int SOURCES = 2000;
    private static final long GAIA_HEALPIX_FACTOR = 34359738368L; // 2^35

    @Inject
    DataSource dataSource;

    @BeforeEach
    void gaiaSources() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA IF NOT EXISTS gaia");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.completesource (source_id bigint PRIMARY KEY, "
                    + "alpha double precision, delta double precision, ra double precision, dec double precision)");
            if (count(sql, "SELECT count(*) FROM gaia.completesource") < SOURCES) {
                load(connection);
            }
            sql.execute("INSERT INTO tap_schema.schemas (schema_name, description) VALUES ('gaia', 'Gaia') ON CONFLICT DO NOTHING");
            sql.execute("INSERT INTO tap_schema.tables (schema_name, table_name, table_type, description) "
                    + "VALUES ('gaia', 'gaia.completesource', 'table', 'Gaia-like sources') ON CONFLICT DO NOTHING");
            sql.execute("""
                    INSERT INTO tap_schema.columns (table_name, column_name, datatype, unit, principal, indexed, std)
                    SELECT 'gaia.completesource', c.name, c.type, c.unit, 1, 0, 0
                    FROM (VALUES ('source_id', 'long', NULL), ('alpha', 'double', 'rad'), ('delta', 'double', 'rad'),
                                 ('ra', 'double', 'deg'), ('dec', 'double', 'deg')) AS c(name, type, unit)
                    WHERE NOT EXISTS (SELECT 1 FROM tap_schema.columns WHERE table_name = 'gaia.completesource')""");
        }
        // the service re-reads TAP_SCHEMA every few seconds; Gaia is private: alice (group gaia) reads it
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (asAlice().when().get("/tap/tables/gaia.completesource").statusCode() != 200) {
            assertThat(System.nanoTime()).as("gaia.completesource published within 20 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** The CompleteSource files of a small archive-datagen run, as the importer reads them (ra, dec: toDegrees). */
    private static void load(Connection connection) throws Exception {
        Path dir = Files.createTempDirectory("healpix-gaia");
        GaiaGenerator.generate(GaiaGeneratorOptions.of(dir, SOURCES).withSourcesPerFile(SOURCES / 2));
        try (Stream<Path> files = Files.list(dir);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO gaia.completesource VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("CompleteSource_")).toList()) {
                try (HdfFile hdf = new HdfFile(file)) {
                    long[] ids = (long[]) hdf.getDatasetByPath("/CompleteSource/source_id").getData();
                    double[] alpha = (double[]) hdf.getDatasetByPath("/CompleteSource/alpha").getData();
                    double[] delta = (double[]) hdf.getDatasetByPath("/CompleteSource/delta").getData();
                    for (int i = 0; i < ids.length; i++) {
                        insert.setLong(1, ids[i]);
                        insert.setDouble(2, alpha[i]);
                        insert.setDouble(3, delta[i]);
                        insert.setDouble(4, Math.toDegrees(alpha[i]));
                        insert.setDouble(5, Math.toDegrees(delta[i]));
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    @Test
    void level12IndexIsTheHealpixPartOfGaiasSourceId() throws Exception {
        StarTable table = query("SELECT source_id, ivo_healpix_index(12, ra, dec) AS hpx FROM gaia.completesource ORDER BY source_id");
        assertThat(table.getRowCount()).isEqualTo(SOURCES);
        for (long row = 0; row < table.getRowCount(); row++) {
            long sourceId = (Long) table.getCell(row, 0);
            assertThat((Long) table.getCell(row, 1)).as("source %d", sourceId).isEqualTo(sourceId / GAIA_HEALPIX_FACTOR);
        }
    }

    @Test
    void everyFormAgreesWithTheSourceIdInTheDatabase() throws Exception {
        // radians converted by ADQL, the POINT form, a coarser order (two bits fewer an order), a centre's own cell
        String[] conditions = {
                "ivo_healpix_index(12, DEGREES(alpha), DEGREES(delta)) = source_id / 34359738368",
                "ivo_healpix_index(12, IN_UNIT(alpha, 'deg'), IN_UNIT(delta, 'deg')) = source_id / 34359738368",
                "ivo_healpix_index(12, POINT('ICRS', ra, dec)) = source_id / 34359738368",
                "ivo_healpix_index(5, ra, dec) = source_id / 34359738368 / 16384",
                "ivo_healpix_index(12, ivo_healpix_center(12, source_id / 34359738368)) = source_id / 34359738368",
                "DISTANCE(ivo_healpix_center(12, source_id / 34359738368), POINT(ra, dec)) < 0.02"};
        for (String condition : conditions) {
            StarTable table = query("SELECT COUNT(*) FROM gaia.completesource WHERE " + condition);
            assertThat(((Number) table.getCell(0, 0)).longValue()).as(condition).isEqualTo(SOURCES);
        }
    }

    @Test
    void countsSourcesPerCellAsTheUserGuideShows() throws Exception {
        StarTable table = query("SELECT ivo_healpix_index(5, ra, dec) AS cell, COUNT(*) AS n FROM gaia.completesource GROUP BY cell");
        long total = 0;
        for (long row = 0; row < table.getRowCount(); row++) {
            assertThat(((Number) table.getCell(row, 0)).longValue()).isBetween(0L, 12L * 4 * 4 * 4 * 4 * 4 - 1);
            total += ((Number) table.getCell(row, 1)).longValue();
        }
        assertThat(total).isEqualTo(SOURCES);
        assertThat(table.getRowCount()).as("cells with sources").isGreaterThan(100);
    }

    @Test
    void badArgumentsAreVotableErrorsWithAHint() {
        String[][] cases = {
                {"SELECT ivo_healpix_index(30, ra, dec) FROM gaia.completesource",
                        "ivo_healpix_index: HEALPix order 30 is not an integer from 0 to 29"},
                {"SELECT ivo_healpix_index(12, ra) FROM gaia.completesource", "takes a POINT as p, not ra"},
                {"SELECT ivo_healpix_index(12, ra, dec, 1) FROM gaia.completesource",
                        "Hint: write ivo_healpix_index(12, ra, dec) or ivo_healpix_index(12, POINT(ra, dec)), in degrees"},
                {"SELECT ivo_healpix_index(12, ra, dec + 180) FROM gaia.completesource", "HEALPix position out of range"},
                {"SELECT ivo_healpix_center(12, source_id) FROM gaia.completesource", "does not exist at order 12"}};
        for (String[] bad : cases) {
            Response response = asAlice().formParam("LANG", "ADQL").formParam("QUERY", bad[0]).when().post("/tap/sync");
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(response.asString()).as(bad[0]).contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\"").contains(bad[1]);
        }
    }

    private StarTable query(String adql) {
        Response response = asAlice().formParam("LANG", "ADQL").formParam("QUERY", adql).when().post("/tap/sync");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return TapFixtures.parseVotable(response.asByteArray());
    }

    private static io.restassured.specification.RequestSpecification asAlice() {
        return given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD));
    }

    private static long count(Statement sql, String query) throws java.sql.SQLException {
        try (java.sql.ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
