package org.astroarchive.importer.tables;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The rows of one table inside a file, read column by column in slices so a large file never fills the heap. */
public interface TableSource {

    long rowCount();

    /** What the file says about one column, or empty if the file has no such column. */
    Optional<SourceColumn> column(String name);

    /** Names of all columns of the source, for error messages. */
    List<String> columnNames();

    /**
     * Rows {@code [first, first + count)} of a column: a primitive array, a {@code String[]}, or for a fixed-size
     * array column an array of primitive arrays.
     */
    Object read(String column, long first, int count) throws IOException;

    /**
     * @param datatype  VOTable datatype derived from the stored type
     * @param arraysize fixed array length of each cell, or null for scalars
     */
    record SourceColumn(String name, String datatype, String arraysize, String unit, String ucd, String description) {
    }
}
