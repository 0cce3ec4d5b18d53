package org.astroarchive.tap.schema;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What this service publishes, read from TAP_SCHEMA. Everything else in the database is invisible to ADQL.
 * Re-read at most every few seconds, so tables the metadata service registers appear without a restart.
 */
@ApplicationScoped
public class TapSchema {

    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final DataSource dataSource;
    private volatile Snapshot snapshot;

    public TapSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Published tables by lower-case qualified name, in schema and table order. */
    public Map<String, PublishedTable> tables() {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.loadedAt() > MAX_AGE_NANOS) {
            current = new Snapshot(load(), System.nanoTime());
            snapshot = current;
        }
        return current.tables();
    }

    public Optional<PublishedTable> table(String qualifiedName) {
        return Optional.ofNullable(tables().get(qualifiedName.toLowerCase(Locale.ROOT)));
    }

    private Map<String, PublishedTable> load() {
        Map<String, List<PublishedColumn>> columns = new LinkedHashMap<>();
        Map<String, List<ForeignKey>> keys = new LinkedHashMap<>();
        Map<String, PublishedTable> tables = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd, utype, description,
                           principal, indexed, std
                    FROM tap_schema.columns ORDER BY table_name, column_index, column_name""")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(new PublishedColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                    rs.getInt(10) == 1, rs.getInt(11) == 1, rs.getInt(12) == 1));
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT k.key_id, k.from_table, k.target_table, k.description, c.from_column, c.target_column
                    FROM tap_schema.keys k JOIN tap_schema.key_columns c USING (key_id)
                    ORDER BY k.key_id, c.from_column""")) {
                while (rs.next()) {
                    List<ForeignKey> ofTable = keys.computeIfAbsent(rs.getString(2).toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                    ForeignKey.ColumnPair pair = new ForeignKey.ColumnPair(rs.getString(5), rs.getString(6));
                    if (!ofTable.isEmpty() && ofTable.get(ofTable.size() - 1).keyId().equals(rs.getString(1))) {
                        ofTable.get(ofTable.size() - 1).columns().add(pair);
                    } else {
                        ofTable.add(new ForeignKey(rs.getString(1), rs.getString(3), rs.getString(4), new ArrayList<>(List.of(pair))));
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT t.schema_name, t.table_name, t.table_type, t.description
                    FROM tap_schema.tables t JOIN tap_schema.schemas s USING (schema_name)
                    ORDER BY s.schema_index, t.table_index, t.table_name""")) {
                while (rs.next()) {
                    String key = rs.getString(2).toLowerCase(Locale.ROOT);
                    tables.put(key, new PublishedTable(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), List.copyOf(columns.getOrDefault(key, List.of())),
                            List.copyOf(keys.getOrDefault(key, List.of()))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read TAP_SCHEMA: " + e.getMessage(), e);
        }
        return tables;
    }

    private record Snapshot(Map<String, PublishedTable> tables, long loadedAt) {
    }
}
