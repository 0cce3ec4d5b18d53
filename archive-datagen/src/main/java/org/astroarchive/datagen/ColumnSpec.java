package org.astroarchive.datagen;

/**
 * One column as written: the dataset name and the attributes written on it, which an importer maps the column with.
 *
 * @param name        dataset name, equal to the target column name
 * @param type        HDF5 type as written: {@code int64}, {@code int32} or {@code float64}
 * @param width       values per row: 1 for a 1-D dataset [n], more for a 2-D dataset [n][width]
 * @param unit        VOUnit, empty when dimensionless
 * @param ucd         UCD1+ word list
 * @param description one line for TAP_SCHEMA
 */
public record ColumnSpec(String name, String type, int width, String unit, String ucd, String description) {

    static ColumnSpec int64(String name, String unit, String ucd, String description) {
        return new ColumnSpec(name, "int64", 1, unit, ucd, description);
    }

    static ColumnSpec int32(String name, String unit, String ucd, String description) {
        return new ColumnSpec(name, "int32", 1, unit, ucd, description);
    }

    static ColumnSpec float64(String name, String unit, String ucd, String description) {
        return new ColumnSpec(name, "float64", 1, unit, ucd, description);
    }
}
