package org.astroarchive.tap.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.astroarchive.datagen.Healpix;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HEALPix SQL functions of migration V8 (behind ivo_healpix_index and ivo_healpix_center) against
 * archive-datagen's {@link Healpix}, the implementation that wrote the level-12 index into Gaia's source_id (itself
 * checked against HEALPix Java 3.60), on a real PostgreSQL with the archive's migrations.
 */
class HealpixSqlTest {

    private static final int[] ORDERS = {0, 1, 12, 29};
    /** dec where |z| = |sin(dec)| = 2/3, the edge between the polar caps and the equatorial belt. */
    private static final double CAP_EDGE = Math.toDegrees(Math.asin(2.0 / 3.0));

    private static Connection connection;

    @BeforeAll
    static void migrate() throws SQLException {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        connection = ArchiveDatabase.connect(postgres);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void agreesWithTheReferenceOnPolesEquatorSeamAndCapEdges() throws SQLException {
        double[] ras = {0, 1e-9, 45, 89.999999, 90, 135.5, 180, 270, 359.9999999999, 360, -0.5, -90, 719.5};
        double[] decs = {90, -90, 89.9999999, -89.9999999, 89.5, 0, -0.0, 1e-12, CAP_EDGE, -CAP_EDGE,
                CAP_EDGE + 1e-9, CAP_EDGE - 1e-9, -CAP_EDGE + 1e-9, -CAP_EDGE - 1e-9, 41.81, 30, -30, 60, -75};
        List<double[]> positions = new ArrayList<>();
        for (double ra : ras) {
            for (double dec : decs) {
                positions.add(new double[] {ra, dec});
            }
        }
        for (int order : ORDERS) {
            assertAgreement(order, positions);
        }
    }

    @Test
    void agreesWithTheReferenceOnRandomPositionsAtEveryOrder() throws SQLException {
        Random random = new Random(12);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            List<double[]> positions = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                // uniform on the sphere, ra beyond [0, 360) too
                positions.add(new double[] {random.nextDouble() * 720 - 360, Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1))});
            }
            assertAgreement(order, positions);
        }
    }

    @Test
    void knowsTheBaseCellsAndGaiasReferenceSource() throws SQLException {
        // order 0: cells 0-3 around the north pole, 4-7 on the equator, 8-11 around the south pole
        assertThat(nest(0, 45, 60)).isZero();
        assertThat(nest(0, 0, 0)).isEqualTo(4);
        assertThat(nest(0, 315, -60)).isEqualTo(11);
        assertThat(nest(12, 0, 90)).isEqualTo((1L << 24) - 1);
        assertThat(nest(12, 0, -90)).isEqualTo(8L << 24);
        // the reference query's box (archive-datagen HealpixTest, from HEALPix Java 3.60)
        assertThat(nest(12, Math.toDegrees(1.61825), Math.toDegrees(0.40195))).isEqualTo(99683961);
        assertThat(nest(29, 10, 20)).isBetween(0L, 12L * (1L << 58) - 1);
    }

    @Test
    void centresLieInTheirCells() throws SQLException {
        scalar("SELECT setseed(0.12)");
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE ivo.healpix_nest(o, degrees(long(c)), degrees(lat(c))) <> i), count(*)
                FROM (SELECT o, i, ivo.healpix_center(o, i) AS c
                      FROM (SELECT o, least(floor(random() * 12 * 4 ^ o), 12 * 4 ^ o - 1)::bigint AS i
                            FROM generate_series(0, 29) AS o, generate_series(1, 300)) AS cells
                      UNION ALL SELECT 1, i, ivo.healpix_center(1, i) FROM generate_series(0, 47) AS i) AS centres""");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            assertThat(rows.getLong(1)).as("centres outside their cell").isZero();
            assertThat(rows.getLong(2)).isEqualTo(30 * 300 + 48);
        }
        // base cell 4 is centred on (0, 0), cell 0 on (45, asin(2/3))
        assertThat(centre(0, 4)).containsExactly(0, 0);
        assertThat(centre(0, 0)[0]).isCloseTo(45, offset(1e-12));
        assertThat(centre(0, 0)[1]).isCloseTo(CAP_EDGE, offset(1e-12));
    }

    @Test
    void refusesOrdersAndPositionsOutOfRangeAndPassesNulls() throws SQLException {
        for (String call : List.of("ivo.healpix_nest(30, 0, 0)", "ivo.healpix_nest(-1, 0, 0)", "ivo.healpix_center(30, 0)")) {
            assertThatThrownBy(() -> scalar("SELECT " + call)).as(call).isInstanceOf(SQLException.class)
                    .hasMessageContaining("HEALPix order must be an integer from 0 to 29")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
        }
        for (String call : List.of("ivo.healpix_nest(12, 0, 90.001)", "ivo.healpix_nest(12, 0, 'NaN')",
                "ivo.healpix_nest(12, 'Infinity', 0)", "ivo.healpix_center(1, 48)", "ivo.healpix_center(1, -1)")) {
            assertThatThrownBy(() -> scalar("SELECT " + call)).as(call).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
        }
        assertThat(scalar("SELECT ivo.healpix_nest(NULL, 0, 0)")).isNull();
        assertThat(scalar("SELECT ivo.healpix_nest(12, NULL, 0)")).isNull();
        assertThat(scalar("SELECT ivo.healpix_center(12, NULL)")).isNull();
        assertThat(scalar("""
                SELECT string_agg(p.proname || ' volatility=' || p.provolatile::text || ' parallel=' || p.proparallel::text
                                  || ' strict=' || p.proisstrict, ', ' ORDER BY p.proname)
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'ivo' AND p.proname IN ('healpix_nest', 'healpix_center')"""))
                .as("IMMUTABLE (i), PARALLEL SAFE (s), STRICT").isEqualTo(
                        "healpix_center volatility=i parallel=s strict=true, healpix_nest volatility=i parallel=s strict=true");
    }

    /** One SQL call for all positions; the first disagreement is reported with its position. */
    private static void assertAgreement(int order, List<double[]> positions) throws SQLException {
        Double[] ra = positions.stream().map(p -> p[0]).toArray(Double[]::new);
        Double[] dec = positions.stream().map(p -> p[1]).toArray(Double[]::new);
        List<Long> computed = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ivo.healpix_nest(?, ra, dec) FROM unnest(?, ?) WITH ORDINALITY AS p(ra, dec, n) ORDER BY n")) {
            Array raArray = connection.createArrayOf("float8", ra);
            Array decArray = connection.createArrayOf("float8", dec);
            query.setInt(1, order);
            query.setArray(2, raArray);
            query.setArray(3, decArray);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    computed.add(rows.getLong(1));
                }
            }
        }
        assertThat(computed).hasSize(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            long expected = Healpix.ang2pixNest(order, Math.toRadians(ra[i]), Math.toRadians(dec[i]));
            assertThat(computed.get(i)).as("order %d, ra %s, dec %s", order, ra[i], dec[i]).isEqualTo(expected);
        }
    }

    private static long nest(int order, double ra, double dec) throws SQLException {
        return ((Number) scalar("SELECT ivo.healpix_nest(" + order + ", " + ra + ", " + dec + ")")).longValue();
    }

    private static double[] centre(int order, long index) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT degrees(long(c)), degrees(lat(c)) FROM ivo.healpix_center(?, ?) AS c")) {
            query.setInt(1, order);
            query.setLong(2, index);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new double[] {rows.getDouble(1), rows.getDouble(2)};
            }
        }
    }

    private static Object scalar(String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getObject(1);
        }
    }
}
