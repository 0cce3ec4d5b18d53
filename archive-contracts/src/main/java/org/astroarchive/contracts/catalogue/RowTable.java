package org.astroarchive.contracts.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A collection table whose rows have persistent IDs ({@code ivo://<authority>/<table>?<key>}): its link column (the
 * {@code linkColumn} metadata-service recorded in {@code archive.collection_tables} and built the rows'
 * {@code access_url} from) and the PostgreSQL type of each of its columns. Read the same way by every service that
 * resolves row IDs.
 */
public record RowTable(String name, String linkColumn, Map<String, String> columnTypes) {

    /** Lists a row table's link column and its columns' types; parameter: the table name. Read with {@link #from}. */
    public static final String DESCRIBE = """
            SELECT ct.definition->>'linkColumn', a.attname, format_type(a.atttypid, a.atttypmod)
            FROM archive.collection_tables ct
            JOIN pg_attribute a ON a.attrelid = to_regclass(ct.table_name) AND a.attnum > 0 AND NOT a.attisdropped
            WHERE ct.table_name = ?""";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * The table described by the rows of {@link #DESCRIBE}, or empty if it has no usable link column (none, not a
     * column of the table, or of a type IDs cannot name).
     */
    public static Optional<RowTable> from(String table, ResultSet describe) throws SQLException {
        String link = null;
        Map<String, String> types = new LinkedHashMap<>();
        while (describe.next()) {
            link = describe.getString(1);
            types.put(describe.getString(2), describe.getString(3));
        }
        if (link == null || !IDENTIFIER.matcher(link).matches() || !types.containsKey(link)) {
            return Optional.empty();
        }
        String type = types.get(link);
        if (!isInteger(type) && !isText(type)) {
            return Optional.empty();
        }
        return Optional.of(new RowTable(table, link, Map.copyOf(types)));
    }

    public boolean hasColumn(String column) {
        return columnTypes.containsKey(column);
    }

    /** Whether the link column is an integer one (the key of an ID must then be an integer). */
    public boolean integerKey() {
        return isInteger(columnTypes.get(linkColumn));
    }

    /** The key of an ID as the link column's type, or empty when it cannot be one (e.g. letters for a bigint). */
    public Optional<Object> key(String text) {
        if (!integerKey()) {
            return Optional.of(text);
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isInteger(String type) {
        return "bigint".equals(type) || "integer".equals(type) || "smallint".equals(type);
    }

    static boolean isText(String type) {
        return type != null && (type.equals("text") || type.startsWith("character"));
    }
}
