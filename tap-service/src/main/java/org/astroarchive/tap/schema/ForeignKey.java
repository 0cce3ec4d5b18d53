package org.astroarchive.tap.schema;

import java.util.List;

/** One row of TAP_SCHEMA.keys with its column pairs from TAP_SCHEMA.key_columns. */
public record ForeignKey(String keyId, String targetTable, String description, List<ColumnPair> columns) {

    public record ColumnPair(String fromColumn, String targetColumn) {
    }
}
