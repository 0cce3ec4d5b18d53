package org.astroarchive.tap.schema;

import java.util.List;

/** One row of TAP_SCHEMA.tables with its columns in column_index order and the foreign keys it holds. */
public record PublishedTable(String schemaName, String tableName, String tableType, String description,
                             List<PublishedColumn> columns, List<ForeignKey> foreignKeys) {

    /** The table name without its schema, as VOSI and error hints show it. */
    public String simpleName() {
        int dot = tableName.indexOf('.');
        return dot < 0 ? tableName : tableName.substring(dot + 1);
    }
}
