package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.importer.service.CollectionDescription.ColumnMapping;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.junit.jupiter.api.Test;

/**
 * Batches stay whole and uniquely numbered where they straddle two read blocks (65 536 rows): the metadata service
 * keeps one batch per number, so a split batch would lose rows.
 */
class BatchBoundaryTest {

    /** In-memory rows 0..n-1 of one long column: a fast stand-in for a file. */
    private record Counting(long rows) implements TableSource {
        @Override
        public long rowCount() {
            return rows;
        }

        @Override
        public Optional<SourceColumn> column(String name) {
            return name.equals("n") ? Optional.of(new SourceColumn("n", "long", null, null, null, null)) : Optional.empty();
        }

        @Override
        public List<String> columnNames() {
            return List.of("n");
        }

        @Override
        public Object read(String column, long first, int count) {
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = first + i;
            }
            return values;
        }
    }

    @Test
    void everyRowIsInExactlyOneBatchAndBatchNumbersAreUniqueAcrossReadBlocks() throws Exception {
        long rows = 3 * ExtractedTable.READ_BLOCK_ROWS + 12_345;
        TableMapping mapping = new TableMapping("t.numbers", "/n", "numbers", null, null,
                List.of(new ColumnMapping("n", "n", null, null, null, null)));
        ExtractedTable table = new ExtractedTable(mapping, new Counting(rows));
        List<RowBatch> batches = new ArrayList<>();
        RowBatch.Header header = new RowBatch.Header("numbers", "LOCAL_S3", table.content());
        table.writeBatches("s:n.h5", "0".repeat(32), header, batches::add);

        assertThat(batches).hasSize(table.batchCount());
        long expected = 0;
        for (int b = 0; b < batches.size(); b++) {
            RowBatch batch = batches.get(b);
            assertThat(batch.batch()).isEqualTo(b);
            assertThat(batch.firstRow()).isEqualTo(expected);
            assertThat(batch.header()).as("only batch 0 says what the rows are").isEqualTo(b == 0 ? header : null);
            for (List<Object> row : batch.rows()) {
                assertThat(row.get(0)).isEqualTo(expected++);
            }
        }
        assertThat(expected).isEqualTo(rows);
        assertThat(batches.get(0).rows().size()).as("not a divisor of the read block").isNotEqualTo(1 << 16)
                .satisfies(size -> assertThat(ExtractedTable.READ_BLOCK_ROWS % size).isNotZero());
    }
}
