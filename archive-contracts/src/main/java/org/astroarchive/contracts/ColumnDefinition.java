package org.astroarchive.contracts;

/**
 * A column as TAP_SCHEMA 1.1 describes it (TAP 1.1 §4.3), taken from the collection's description model.
 *
 * @param datatype  VOTable datatype: boolean, short, int, long, float, double, char (text), or char with xtype
 *                  timestamp
 * @param arraysize VOTable arraysize for fixed arrays (e.g. {@code 10}), null for scalars and text
 */
public record ColumnDefinition(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                               String utype, String description, boolean principal, boolean indexed) {
}
