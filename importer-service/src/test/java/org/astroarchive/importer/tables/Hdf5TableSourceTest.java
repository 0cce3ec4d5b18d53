package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The PyTables compound-dataset sample (python-tables-data, licenses/python-tables-data.copyright). */
class Hdf5TableSourceTest {

    static final Path COMPOUND = Path.of("src/test/resources/samples/hdf5/smpl_compound_chunked.h5");

    @Test
    void readsAChunkedCompoundDatasetAsATableOfItsMembers() throws Exception {
        try (HdfFile hdf = new HdfFile(COMPOUND)) {
            TableSource table = Hdf5TableSource.open(hdf, "/CompoundChunked").orElseThrow();
            assertThat(table.rowCount()).isEqualTo(6);
            assertThat(table.columnNames()).containsExactly("a_name", "c_name", "d_name", "e_name", "f_name", "g_name");
            assertThat(table.column("a_name").orElseThrow().datatype()).isEqualTo("int");
            assertThat(table.column("c_name").orElseThrow().datatype()).isEqualTo("char");
            assertThat(table.column("e_name").orElseThrow().datatype()).isEqualTo("float");
            assertThat(table.column("f_name").orElseThrow().datatype()).isEqualTo("double");
            assertThat(table.column("f_name").orElseThrow().arraysize()).isEqualTo("10");
            assertThat(table.column("b_name")).isEmpty();
            int[] a = (int[]) table.read("a_name", 2, 3);
            assertThat(a).hasSize(3);
            assertThat((String[]) table.read("c_name", 0, 6)).hasSize(6);
        }
    }

    @Test
    void findsNoTableWhereTheFileHasNone() throws Exception {
        try (HdfFile hdf = new HdfFile(COMPOUND)) {
            assertThat(Hdf5TableSource.open(hdf, "/CompleteSource")).isEmpty();
        }
    }
}
