package org.astroarchive.metadata.messaging;

import java.util.List;
import org.astroarchive.contracts.RowBatch;

/**
 * A {@link org.astroarchive.contracts.RowBatch} as the metadata service keeps it: the rows already in PostgreSQL
 * COPY text format (one line per row, tab-separated, {@code \N} for null), ready to be copied or staged.
 */
public record StagedBatch(String did, String md5, String table, int batch, int batchCount, long firstRow, int rowCount,
                          List<String> columns, String copyText, RowBatch.Header header) {
}
