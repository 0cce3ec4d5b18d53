package org.astroarchive.contracts;

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
 */
public record RowBatch(String did, String md5, String table, int batch, int batchCount, long firstRow,
                       List<String> columns, List<List<Object>> rows) {
}
