package org.astroarchive.cutmerge.repository;

import java.util.Map;
import java.util.Optional;

/**
 * A collection table whose rows have persistent IDs: its link column (the key of the IDs) and the PostgreSQL type
 * of each of its columns.
 */
public record RowTable(String name, String linkColumn, Map<String, String> columnTypes) {

    public boolean hasColumn(String column) {
        return columnTypes.containsKey(column);
    }

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
