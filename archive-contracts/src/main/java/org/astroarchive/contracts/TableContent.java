package org.astroarchive.contracts;

import java.util.List;

/**
 * The rows one file contributes to one table, announced in {@link FileIngested#tables()}: enough for the metadata
 * service to create the table on first sight, register it in TAP_SCHEMA and check that every batch arrived.
 *
 * @param table       schema-qualified target table, lower case (e.g. {@code gaia.completesource})
 * @param description the table's description for TAP_SCHEMA
 * @param keyName     where the rows came from inside the file (HDF5 group or dataset path, FITS extension name)
 * @param rowCount    rows the file holds for this table
 * @param batchCount  {@link RowBatch}es that carry them
 * @param columns     the data columns, in the order of {@link RowBatch#rows()}
 * @param position    the columns of an ICRS position in degrees to index spatially, or null
 * @param linkColumn  the column that identifies a row for DataLink ({@code access_url}), or null
 */
public record TableContent(String table, String description, String keyName, long rowCount, int batchCount,
                           List<ColumnDefinition> columns, Position position, String linkColumn) {

    /** Right ascension and declination columns, in degrees, of a table indexed for ADQL geometry. */
    public record Position(String ra, String dec) {
    }
}
