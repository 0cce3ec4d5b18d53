package org.astroarchive.tap.schema;

/** One row of TAP_SCHEMA.columns. */
public record PublishedColumn(String tableName, String columnName, String datatype, String arraysize, String xtype,
                              String unit, String ucd, String utype, String description,
                              boolean principal, boolean indexed, boolean std) {
}
