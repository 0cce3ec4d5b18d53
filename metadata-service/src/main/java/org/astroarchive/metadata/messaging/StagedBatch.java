package org.astroarchive.metadata.messaging;

import java.util.List;

/**
 * A {@link org.astroarchive.contracts.RowBatch} as the metadata service keeps it: the rows already in PostgreSQL
 * COPY text format (one line per row, tab-separated, {@code \N} for null), ready to be staged and later copied.
 */
public record StagedBatch(String did, String md5, String table, int batch, int batchCount, long firstRow, int rowCount,
                          List<String> columns, String copyText) {
}
