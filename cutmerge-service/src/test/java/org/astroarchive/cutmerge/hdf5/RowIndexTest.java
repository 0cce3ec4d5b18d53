package org.astroarchive.cutmerge.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowIndexTest {

    @Test
    void findsEveryKeyOfAnUnsortedIntegerDataset() {
        long[] keys = new Random(7).longs(100_000).toArray();
        RowIndex index = RowIndex.of(keys);
        assertThat(index.rows()).isEqualTo(100_000);
        for (int row = 0; row < keys.length; row += 997) {
            assertThat(index.find(keys[row])).isEqualTo(row);
        }
        assertThat(index.find(12345L)).isEqualTo(-1);
        assertThat(index.find("not a number")).isEqualTo(-1);
    }

    @Test
    void firstRowWinsForDuplicateKeysAndIntDatasetsWork() {
        RowIndex index = RowIndex.of(new int[] {5, 3, 5, 0});
        assertThat(index.find(5L)).isZero();
        assertThat(index.find(0L)).isEqualTo(3);
        assertThat(index.find(4L)).isEqualTo(-1);
    }

    @Test
    void indexesTextKeysAndRefusesOtherDatasets() {
        RowIndex index = RowIndex.of(new String[] {"a", "b"});
        assertThat(index.find("b")).isEqualTo(1);
        assertThatThrownBy(() -> RowIndex.of(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsSourceRowsIntoContiguousRunsKeepingOutputPositions() {
        int[] source = {11, 3, 10, 4, 20};
        int[] output = {0, 1, 2, 3, 4};
        List<int[]> runs = MergeBuilder.runs(source, output);
        assertThat(runs).extracting(r -> r[0] + "+" + r[1]).containsExactly("3+2", "10+2", "20+1");
        assertThat(source).containsExactly(3, 4, 10, 11, 20);
        assertThat(output).containsExactly(1, 3, 2, 0, 4);
    }
}
