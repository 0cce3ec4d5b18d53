package org.astroarchive.tap.votable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.astroarchive.tap.TestTapConfig;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.datalink.ResultSelections;
import org.astroarchive.tap.datalink.SelectionRegistry;
import org.astroarchive.tap.schema.PublishedColumn;
import org.astroarchive.tap.schema.PublishedTable;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Results read by pgjdbc in binary (QueryRunner) are written exactly as the same rows read as text: full-precision and
 * special doubles, NULLs, integers of every width, times, arrays, and pgSphere values (which stay text).
 */
class BinaryTransferTest {

    private static final String TABLE = "binary_transfer_test.values";
    private static final String SQL = "SELECT * FROM " + TABLE + " ORDER BY id";
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void createTable() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(ArchiveDatabase.jdbcUrl(postgres));
        dataSource.setUser("postgres");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS binary_transfer_test CASCADE");
            statement.execute("CREATE SCHEMA binary_transfer_test");
            statement.execute("CREATE TABLE " + TABLE + " (id int, d float8, f float4, s smallint, b bigint, n numeric, "
                    + "flag boolean, t timestamp, tz timestamptz, day date, name text, win int[], mags float8[], "
                    + "pos spoint, cone scircle, region spoly)");
            statement.execute("INSERT INTO " + TABLE + " VALUES "
                    + "(1, 0.1, 0.1, 32767, 9223372036854775807, 1.25, true, '2026-11-23 04:05:06.789', "
                    + "'2026-11-23 04:05:06.789+00', '2026-11-23', 'a', '{1,2,3,4,5,6,7,8,9,10}', '{0.1,NaN,Infinity}', "
                    + "spoint '(10d,20d)', scircle '<(10d,20d),0.5d>', spoly '{(10d,40d),(11d,40d),(11d,41d)}'), "
                    + "(2, 1.7976931348623157e308, 3.4028235e38, -32768, -9223372036854775808, -0.000001, false, "
                    + "'1970-01-01 00:00:00', '1999-12-31 23:59:59.999999+05', '0001-01-01', 'b ü', '{-1,0,NULL,1,2,3,4,5,6,7}', "
                    + "'{-Infinity}', spoint '(359.999999d,-89.9999d)', NULL, NULL), "
                    + "(3, 4.9e-324, 1.4e-45, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                    + "(4, 'NaN', 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, '{}', NULL, NULL, NULL), "
                    + "(5, 'Infinity', '-Infinity', 1, 1, 1e30, true, '2026-01-01 00:00:00.5', '2026-01-01 00:00:00.5+00', "
                    + "'2026-01-01', 'x', NULL, NULL, NULL, NULL, NULL), "
                    + "(6, '-Infinity', 'Infinity', 1, 1, 1, true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                    + "(7, 0.30000000000000004, -0.0, 1, 1, 1, true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                    + "(8, -123456.78901234567, 123.456, 1, 1, 1, true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }
    }

    @ParameterizedTest
    @EnumSource(ResultFormat.class)
    void writesTheSameResultAsFromText(ResultFormat format) throws Exception {
        assertThat(withoutHduDate(viaQueryRunner(format))).isEqualTo(withoutHduDate(viaText(format)));
    }

    /** A FITS header dates its HDU to the second: two writes a second apart differ there only. */
    private static String withoutHduDate(byte[] result) throws Exception {
        return new String(result, "UTF-8").replaceFirst("DATE-HDU= '[^']*'", "DATE-HDU= '(date)'");
    }

    @Test
    void readsNumbersAndTimesInBinaryAndPgSphereAsText() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setFetchSize(2);
            QueryRunner.transferBinary(statement);
            try (ResultSet rs = statement.executeQuery(SQL)) {
                PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                for (String column : List.of("d", "f", "s", "b", "t", "tz", "win", "mags")) {
                    assertThat(meta.getFormat(rs.findColumn(column))).as(column + " in binary").isEqualTo(1);
                }
                for (String column : List.of("name", "pos", "cone", "region")) {
                    assertThat(meta.getFormat(rs.findColumn(column))).as(column + " as text").isZero();
                }
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(8);
            }
            connection.rollback();
        }
    }

    /** taplint compares a result's FIELD types with TAP_SCHEMA: an aliased smallint column is still short. */
    @Test
    void smallintStaysShortUnderAnAliasAndAfterACast() throws Exception {
        String votable = new String(viaQueryRunner(ResultFormat.VOTABLE_TABLEDATA,
                "SELECT s AS renamed, CAST(id AS smallint) AS cast_id, id FROM " + TABLE + " ORDER BY id"), "UTF-8");
        assertThat(votable).containsPattern("<FIELD[^>]*datatype=\"short\"[^>]*name=\"renamed\"|<FIELD[^>]*name=\"renamed\"[^>]*datatype=\"short\"");
        assertThat(votable).containsPattern("<FIELD[^>]*datatype=\"short\"[^>]*name=\"cast_id\"|<FIELD[^>]*name=\"cast_id\"[^>]*datatype=\"short\"");
        assertThat(votable).containsPattern("<FIELD[^>]*datatype=\"int\"[^>]*name=\"id\"|<FIELD[^>]*name=\"id\"[^>]*datatype=\"int\"");
        assertThat(votable).contains("<TD>-32768</TD>");
    }

    /** The real path: QueryRunner's transaction, binary transfer and cursor. */
    private static byte[] viaQueryRunner(ResultFormat format) throws Exception {
        return viaQueryRunner(format, SQL);
    }

    private static byte[] viaQueryRunner(ResultFormat format, String sql) throws Exception {
        SelectionRegistry noSelections = new SelectionRegistry(null, TestTapConfig.of(Map.of(
                "datalinkSelections", false, "selectionTtl", Duration.ofMinutes(1))));
        QueryRunner runner = new QueryRunner(dataSource, TestTapConfig.of(Map.of()), noSelections);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner.runInto(new AdqlTranslator.Translation(sql, List.of(published()), Set.of()), 100, format,
                Duration.ofMinutes(1), out, "binary-transfer-test", List.of(), UUID.randomUUID());
        return out.toByteArray();
    }

    /** The same rows through pgjdbc's text format (a one-shot statement). */
    private static byte[] viaText(ResultFormat format) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setFetchSize(2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ResultSet rs = statement.executeQuery(SQL)) {
                assertThat(rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(2)).as("text transfer").isZero();
                ResultWriter.write(rs, 100, format, List.of(published()), ResultSelections.none(), out);
            }
            connection.rollback();
            return out.toByteArray();
        }
    }

    /** TAP_SCHEMA-like metadata, so the timestamp, short, array and polygon conversions of ResultTable apply. */
    private static PublishedTable published() {
        List<PublishedColumn> columns = List.of(
                column("s", "short", null, null), column("t", "char", "*", "timestamp"),
                column("tz", "char", "*", "timestamp"), column("win", "int", "10", null),
                column("mags", "double", "*", null), column("region", "double", "*", "polygon"));
        return new PublishedTable("binary_transfer_test", TABLE, "table", null, columns, List.of());
    }

    private static PublishedColumn column(String name, String datatype, String arraysize, String xtype) {
        return new PublishedColumn(TABLE, name, datatype, arraysize, xtype, null, null, null, null, false, false, false);
    }
}
