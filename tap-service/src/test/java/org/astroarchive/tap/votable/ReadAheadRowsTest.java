package org.astroarchive.tap.votable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.WrapperRowSequence;

/** Every row once and in order, whether read directly or ahead; failures and early ends reach the writer. */
class ReadAheadRowsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "0, 10", "3, 10", "10, 10", "11, 10", "499, 0", "500, 0", "501, 0", "12345, 100", "12345, 5000"})
    void givesEveryRowOnceInOrder(int rows, long direct) throws IOException {
        List<Long> read = new ArrayList<>();
        try (RowSequence sequence = new ReadAheadRows(table(rows).getRowSequence(), direct)) {
            while (sequence.next()) {
                assertThat(sequence.getCell(1)).isEqualTo("row " + sequence.getCell(0));
                read.add((Long) sequence.getRow()[0]);
            }
            assertThat(sequence.next()).as("still at the end").isFalse();
        }
        assertThat(read).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(read.get(i)).isEqualTo(i);
        }
    }

    @Test
    void stopsTheReaderAndClosesTheSourceWhenTheWriterStopsEarly() throws IOException {
        boolean[] sourceClosed = {false};
        RowSequence source = new WrapperRowSequence(table(100_000).getRowSequence()) {
            @Override
            public void close() throws IOException {
                sourceClosed[0] = true;
                super.close();
            }
        };
        RowSequence sequence = new ReadAheadRows(source, 10);
        for (int i = 0; i < 2_000; i++) {
            assertThat(sequence.next()).isTrue();
        }
        sequence.close();
        assertThat(sourceClosed[0]).isTrue();
    }

    @Test
    void passesTheReadersFailureToTheWriterAfterTheRowsBeforeIt() throws IOException {
        RowSequence failing = new WrapperRowSequence(table(100_000).getRowSequence()) {
            private int rows;

            @Override
            public boolean next() throws IOException {
                if (++rows > 1_234) {
                    throw new IOException("the database went away");
                }
                return super.next();
            }
        };
        try (RowSequence sequence = new ReadAheadRows(failing, 10)) {
            for (int i = 0; i < 1_234; i++) {
                assertThat(sequence.next()).isTrue();
            }
            assertThatThrownBy(sequence::next).isInstanceOf(IOException.class).hasMessageContaining("the database went away");
        }
    }

    private static StarTable table(int rows) {
        RowListStarTable table = new RowListStarTable(new ColumnInfo[] {
            new ColumnInfo("n", Long.class, null), new ColumnInfo("label", String.class, null)});
        for (long i = 0; i < rows; i++) {
            table.addRow(new Object[] {i, "row " + i});
        }
        return table;
    }
}
