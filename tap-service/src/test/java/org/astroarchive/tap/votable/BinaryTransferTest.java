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
    private static final String WIRE_TABLE = "binary_transfer_test.wire";
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

    /**
     * A table of binary numbers and text only is written from pgjdbc's bytes ({@link WireBinary2}): byte for byte what
     * STIL writes from the same rows read as text, across the read-ahead thread's batches, with NULLs in every column,
     * every kind of NaN, non-ASCII and long text, the DataLink column, and MAXREC cutting the rows short.
     */
    @Test
    void writesBinary2FromTheWireBytesAsStilWritesTheValues() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + WIRE_TABLE);
            statement.execute("CREATE TABLE " + WIRE_TABLE + " AS SELECT i AS id, "
                    + "CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN 'NaN'::float8 WHEN i % 13 = 0 THEN '-Infinity' "
                    + "WHEN i % 17 = 0 THEN -0.0::float8 ELSE i * 1.000000001e-3 END AS d, "
                    + "CASE WHEN i % 5 = 0 THEN NULL WHEN i % 9 = 0 THEN 'NaN'::float4 ELSE (i / 3.0)::float4 END AS f, "
                    + "CASE WHEN i % 3 = 0 THEN NULL ELSE ((i * 7919) % 65536 - 32768)::smallint END AS s, "
                    + "CASE WHEN i % 4 = 0 THEN NULL ELSE i::int8 * 1000000007 * (CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END) END AS b, "
                    + "CASE WHEN i % 6 = 0 THEN NULL ELSE i END AS n, "
                    + "CASE WHEN i % 8 = 0 THEN NULL WHEN i % 10 = 0 THEN '' WHEN i % 15 = 0 THEN 'Ångström ✓ 𝄞 ' || i "
                    + "WHEN i = 4321 THEN repeat('long text ', 20000) ELSE 'source ' || i END AS name, "
                    + "('c' || (i % 100))::varchar(8) AS code, "
                    + "CASE WHEN i % 19 = 0 THEN NULL ELSE 'http://localhost:8080/datalink?ID=ivo%3A%2F%2Ftest%2Fwire%3F' || i END AS access_url "
                    + "FROM generate_series(1, 12000) AS i");
            // infinity minus infinity is the processor's NaN (negative on x86), not PostgreSQL's 'NaN': BINARY2 carries
            // the canonical one, as STIL writes any NaN
            statement.execute("UPDATE " + WIRE_TABLE + " SET d = 'Infinity'::float8 - 'Infinity'::float8, "
                    + "f = 'Infinity'::float4 - 'Infinity'::float4 WHERE id = 101");
        }
        String sql = "SELECT * FROM " + WIRE_TABLE + " ORDER BY id";
        for (long maxrec : new long[] {12000, 11000, 3}) {
            byte[] wire = viaQueryRunner(ResultFormat.VOTABLE_BINARY2, sql, maxrec, wirePublished());
            byte[] stil = viaText(ResultFormat.VOTABLE_BINARY2, sql, maxrec, wirePublished());
            assertThat(wire).as("MAXREC " + maxrec).isEqualTo(stil);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            QueryRunner.transferBinary(statement);
            try (ResultSet rs = statement.executeQuery(sql)) {
                assertThat(table(rs, wirePublished()).wireCells()).as("every column written from its wire bytes")
                        .hasValueSatisfying(cells -> assertThat(cells).containsExactly(WireBinary2.Cell.INT,
                                WireBinary2.Cell.DOUBLE, WireBinary2.Cell.FLOAT, WireBinary2.Cell.SHORT, WireBinary2.Cell.LONG,
                                WireBinary2.Cell.INT, WireBinary2.Cell.TEXT, WireBinary2.Cell.TEXT, WireBinary2.Cell.ACCESS_URL));
            }
            try (ResultSet rs = statement.executeQuery(SQL)) {
                assertThat(table(rs, published()).wireCells()).as("times, arrays and pgSphere values need converting").isEmpty();
            }
            connection.rollback();
        }
    }

    private static ResultTable table(ResultSet rs, PublishedTable published) throws Exception {
        // as ResultWriter builds it
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        String[] types = new String[meta.getColumnCount()];
        boolean[] binary = new boolean[types.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = meta.getColumnTypeName(i + 1);
            binary[i] = meta.unwrap(PGResultSetMetaData.class).getFormat(i + 1) == 1;
        }
        Map<String, PublishedColumn> columns = new java.util.HashMap<>();
        published.columns().forEach(c -> columns.put(c.plainName(), c));
        return new ResultTable(new uk.ac.starlink.table.jdbc.SequentialResultSetStarTable(rs), rs, types, binary, 100,
                columns, ResultSelections.none());
    }

    /** The DataLink column of a published table, so that ResultTable rewrites it. */
    private static PublishedTable wirePublished() {
        List<PublishedColumn> columns = List.of(new PublishedColumn(WIRE_TABLE, "access_url", "char", "*", null, null,
                null, null, null, false, false, false), column("s", "short", null, null));
        return new PublishedTable("binary_transfer_test", WIRE_TABLE, "table", null, columns, List.of());
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
        return viaQueryRunner(format, sql, 100, published());
    }

    private static byte[] viaQueryRunner(ResultFormat format, String sql, long maxrec, PublishedTable table) throws Exception {
        SelectionRegistry noSelections = new SelectionRegistry(null, TestTapConfig.of(Map.of(
                "datalinkSelections", false, "selectionTtl", Duration.ofMinutes(1))));
        QueryRunner runner = new QueryRunner(dataSource, TestTapConfig.of(Map.of()), noSelections);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner.runInto(new AdqlTranslator.Translation(sql, List.of(table), Set.of()), maxrec, format,
                Duration.ofMinutes(1), out, "binary-transfer-test", List.of(), UUID.randomUUID());
        return out.toByteArray();
    }

    /** The same rows through pgjdbc's text format (a one-shot statement). */
    private static byte[] viaText(ResultFormat format) throws Exception {
        return viaText(format, SQL, 100, published());
    }

    private static byte[] viaText(ResultFormat format, String sql, long maxrec, PublishedTable table) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setFetchSize(2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ResultSet rs = statement.executeQuery(sql)) {
                assertThat(rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(2)).as("text transfer").isZero();
                ResultWriter.write(rs, maxrec, format, List.of(table), ResultSelections.none(), out);
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
