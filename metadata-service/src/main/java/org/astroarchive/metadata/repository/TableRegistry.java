package org.astroarchive.metadata.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.metadata.config.MetadataConfig;
import org.astroarchive.metadata.service.InvalidMetadataException;

/**
 * Creates a collection table the first time a file announces it, and registers it and its columns in TAP_SCHEMA
 * (TAP 1.1 §4) in the same transaction, so a table is never visible to TAP half-described.
 *
 * <p>Every row table starts with the columns naming the file each row came from, so that a file's rows can be
 * replaced and found by the DataLink service, and ends with an {@code access_url} when rows have linked data.
 */
@ApplicationScoped
public class TableRegistry {

    private static final Pattern TABLE = Pattern.compile("([a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");

    /** The file reference columns, filled by the metadata service from the file's DID and catalogue entry. */
    public static final List<ColumnDefinition> FILE_COLUMNS = List.of(
            column("file_name", "char", "meta.id;meta.file", "Name of the file the row was extracted from"),
            column("file_extension", "char", "meta.code.mime", "Extension of that file (h5, fits, ...)"),
            column("did_scope", "char", "meta.id", "Rucio-style scope of the file's DID"),
            column("did_name", "char", "meta.id", "Rucio-style name of the file's DID"),
            column("did_rse", "char", "meta.id", "Storage element holding the file"),
            column("checksum", "char", "meta.code", "md5 of the file (lower-case hex)"),
            new ColumnDefinition("file_version", "int", null, null, null, "meta.version", null,
                    "Version of the file: 1, then +1 each time a changed file replaces it", false, false),
            column("key_name", "char", "meta.id", "Where in the file the row was stored (HDF5 path, FITS extension)"));

    private final ObjectMapper json;
    private final MetadataConfig config;

    public TableRegistry(ObjectMapper json, MetadataConfig config) {
        this.json = json;
        this.config = config;
    }

    private static ColumnDefinition column(String name, String datatype, String ucd, String description) {
        return new ColumnDefinition(name, datatype, null, null, null, ucd, null, description, false, false);
    }

    /**
     * Makes sure {@code content}'s table exists with (at least) its columns.
     *
     * @throws InvalidMetadataException if the names are not plain identifiers or the table exists without a column
     *                                  the file has (a table never changes shape on its own)
     */
    public void ensure(Connection connection, String collection, TableContent content) throws SQLException {
        var name = validName(content);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 1))")) {
            lock.setString(1, "table:" + content.table());
            lock.execute();
        }
        if (!exists(connection, content)) {
            create(connection, collection, content, name.group(1), name.group(2));
        }
    }

    /**
     * Whether {@code content}'s table exists with its columns, taking no lock (rows copied as they arrive go only
     * into tables that exist; {@link #ensure} creates the others).
     *
     * @throws InvalidMetadataException as {@link #ensure}
     */
    public boolean ready(Connection connection, TableContent content) throws SQLException {
        validName(content);
        return exists(connection, content);
    }

    private static java.util.regex.Matcher validName(TableContent content) {
        var name = TABLE.matcher(content.table());
        if (!name.matches()) {
            throw new InvalidMetadataException("table name '" + content.table() + "' must be schema.table in lower case");
        }
        for (ColumnDefinition column : content.columns()) {
            if (!COLUMN.matcher(column.name()).matches() || column.name().equals("access_url")
                    || FILE_COLUMNS.stream().anyMatch(f -> f.name().equals(column.name()))) {
                throw new InvalidMetadataException("column name '" + column.name() + "' of " + content.table()
                        + " is not a plain lower-case identifier or is reserved");
            }
            sqlType(column); // fails early on an unknown datatype
        }
        return name;
    }

    private static boolean exists(Connection connection, TableContent content) throws SQLException {
        Set<String> existing = existingColumns(connection, content.table());
        if (existing.isEmpty()) {
            return false;
        }
        List<String> missing = content.columns().stream().map(ColumnDefinition::name)
                .filter(c -> !existing.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidMetadataException(content.table() + " has no column " + missing
                    + "; its columns are " + existing + ". Publish new columns through a new table or a migration.");
        }
        return true;
    }

    private static Set<String> existingColumns(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT column_name FROM tap_schema.columns WHERE table_name = ?")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                Set<String> columns = new java.util.TreeSet<>();
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
                return columns;
            }
        }
    }

    private void create(Connection connection, String collection, TableContent content, String schema, String table)
            throws SQLException {
        List<String> definitions = new ArrayList<>();
        for (ColumnDefinition column : FILE_COLUMNS) {
            definitions.add(column.name() + " " + sqlType(column) + " NOT NULL");
        }
        for (ColumnDefinition column : content.columns()) {
            definitions.add(column.name() + " " + sqlType(column));
        }
        List<ColumnDefinition> published = new ArrayList<>(FILE_COLUMNS);
        published.addAll(content.columns());
        String link = content.linkColumn();
        if (link != null) {
            if (content.columns().stream().noneMatch(c -> c.name().equals(link))) {
                throw new InvalidMetadataException("link column '" + link + "' is not a column of " + content.table());
            }
            // A persistent ID per row, resolved by the DataLink service (DataLink 1.1 §3.2, ID parameter).
            String prefix = config.publicUrl() + "/datalink?ID="
                    + URLEncoder.encode("ivo://" + config.authority() + "/" + content.table() + "?", StandardCharsets.UTF_8);
            definitions.add("access_url text GENERATED ALWAYS AS ('" + prefix.replace("'", "''") + "' || " + link
                    + "::text) STORED");
            published.add(new ColumnDefinition("access_url", "char", null, null, null, "meta.ref.url", null,
                    "DataLink document of the row: its data, the original file and related rows", true, false));
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            ddl.execute("CREATE TABLE " + content.table() + " (" + String.join(", ", definitions) + ")");
            // a file's rows are found (replaced, cut out) by its DID
            ddl.execute("CREATE INDEX ON " + content.table() + " (did_name, did_scope)");
            for (ColumnDefinition column : content.columns()) {
                if (column.indexed()) {
                    ddl.execute("CREATE INDEX ON " + content.table() + " (" + column.name() + ")");
                }
            }
            if (content.position() != null) {
                String ra = content.position().ra();
                String dec = content.position().dec();
                // the expression the ADQL translator writes for POINT('ICRS', ra, dec), so CONTAINS uses the index
                ddl.execute("CREATE INDEX ON " + content.table() + " USING gist (spoint(radians(" + ra + "), radians(" + dec + ")))");
            }
        }
        register(connection, collection, content, schema, published);
    }

    private void register(Connection connection, String collection, TableContent content, String schema,
                          List<ColumnDefinition> columns) throws SQLException {
        try (PreparedStatement schemas = connection.prepareStatement("""
                INSERT INTO tap_schema.schemas (schema_name, description, schema_index)
                SELECT ?, ?, coalesce(max(schema_index), 0) + 1 FROM tap_schema.schemas
                ON CONFLICT (schema_name) DO NOTHING""")) {
            schemas.setString(1, schema);
            schemas.setString(2, "Collection " + collection);
            schemas.executeUpdate();
        }
        try (PreparedStatement tables = connection.prepareStatement("""
                INSERT INTO tap_schema.tables (schema_name, table_name, table_type, description, table_index)
                SELECT ?, ?, 'table', ?, coalesce(max(table_index), 0) + 1 FROM tap_schema.tables WHERE schema_name = ?""")) {
            tables.setString(1, schema);
            tables.setString(2, content.table());
            tables.setString(3, content.description());
            tables.setString(4, schema);
            tables.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO tap_schema.columns (table_name, column_name, utype, ucd, unit, description, datatype, arraysize,
                    xtype, principal, indexed, std, column_index, "size")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
            int index = 0;
            for (ColumnDefinition column : columns) {
                boolean indexed = column.indexed() || column.name().equals("did_name")
                        || content.position() != null && (column.name().equals(content.position().ra())
                        || column.name().equals(content.position().dec()));
                insert.setString(1, content.table());
                insert.setString(2, column.name());
                insert.setString(3, column.utype());
                insert.setString(4, column.ucd());
                insert.setString(5, column.unit());
                insert.setString(6, column.description());
                insert.setString(7, column.datatype());
                insert.setString(8, column.arraysize() != null ? column.arraysize() : "char".equals(column.datatype()) ? "*" : null);
                insert.setString(9, column.xtype());
                insert.setInt(10, column.principal() ? 1 : 0);
                insert.setInt(11, indexed ? 1 : 0);
                insert.setInt(12, ++index);
                // TAP 1.1 §4.3: the deprecated "size" must still agree with a fixed arraysize
                if (column.arraysize() != null && column.arraysize().matches("\\d+")) {
                    insert.setInt(13, Integer.parseInt(column.arraysize()));
                } else {
                    insert.setNull(13, java.sql.Types.INTEGER);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO archive.collection_tables (table_name, collection, definition) VALUES (?, ?, ?::jsonb)")) {
            record.setString(1, content.table());
            record.setString(2, collection);
            record.setString(3, json.writeValueAsString(content));
            record.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tables created for a collection, so a new file version can clear its old rows from all of them. */
    public List<String> tablesOf(Connection connection, String collection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT table_name FROM archive.collection_tables WHERE collection = ? ORDER BY table_name")) {
            query.setString(1, collection);
            try (ResultSet rs = query.executeQuery()) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                return tables;
            }
        }
    }

    /** PostgreSQL type of a TAP_SCHEMA datatype (TAP 1.1 §4.3; DALI 1.1 §3.3.3 for timestamps). */
    static String sqlType(ColumnDefinition column) {
        String scalar = switch (column.datatype().toLowerCase(Locale.ROOT)) {
            case "boolean" -> "boolean";
            case "short" -> "smallint";
            case "int" -> "integer";
            case "long" -> "bigint";
            case "float" -> "real";
            case "double" -> "double precision";
            case "char", "unicodechar" -> "timestamp".equals(column.xtype()) ? "timestamp" : "text";
            default -> throw new InvalidMetadataException("column " + column.name() + " has datatype '" + column.datatype()
                    + "'; supported: boolean, short, int, long, float, double, char");
        };
        boolean array = column.arraysize() != null && !"char".equals(column.datatype()) && !"unicodeChar".equals(column.datatype());
        return array ? scalar + "[]" : scalar;
    }
}
