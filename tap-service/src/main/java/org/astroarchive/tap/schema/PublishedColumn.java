package org.astroarchive.tap.schema;

/** One row of TAP_SCHEMA.columns. */
public record PublishedColumn(String tableName, String columnName, String datatype, String arraysize, String xtype,
                              String unit, String ucd, String utype, String description,
                              boolean principal, boolean indexed, boolean std) {

    /** The name as the database reports it: delimited names such as {@code "size"} (TAP 1.1 §4.3) lose their quotes. */
    public String plainName() {
        return columnName.replace("\"", "");
    }
}
