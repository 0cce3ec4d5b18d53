package org.astroarchive.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Consecutive rows of one table extracted from one file; published on {@link Topics#INGEST_ROWS_V1}, key: the DID,
 * so a file's batches stay in order on one partition. A file version's rows become visible together, once all
 * {@code batchCount} batches and the file's {@link FileIngested} have arrived (see docs/messaging.md).
 *
 * @param did        {@code scope:name} of the file
 * @param md5        the file's md5: identifies the file version the rows belong to
 * @param table      schema-qualified target table
 * @param batch      0-based index of this batch
 * @param batchCount batches of this file for this table
 * @param firstRow   0-based index in the file of this batch's first row
 * @param columns    column names, as in {@link TableContent#columns()}
 * @param rows       values in column order: numbers, strings ("NaN" for a floating-point NaN), arrays, null;
 *                   timestamps as ISO-8601 strings without zone (UTC)
 * @param header     on batch 0 of each table (added inside version 1, so optional): what the metadata service needs
 *                   to copy the rows into their table as they arrive, before the file's {@link FileIngested}
 */
public record RowBatch(String did, String md5, String table, int batch, int batchCount, long firstRow,
                       List<String> columns, List<List<Object>> rows,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Header header) {

    /**
     * @param collection the file's collection
     * @param rse        the storage element the importer writes the file to ({@link FileIngested#rse()})
     * @param content    the table's part of the file, as {@link FileIngested#tables()} will announce it
     */
    public record Header(String collection, String rse, TableContent content) {
    }
}
