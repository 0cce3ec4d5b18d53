package org.astroarchive.importer.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.importer.service.CollectionDescription.ColumnMapping;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VOTable and CSV tables through STIL: the astropy sample and a small CSV. */
class StilTableSourceTest {

    private static final Path VOTABLE = Path.of("src/test/resources/samples/votable/astropy_valid_votable.xml");

    @TempDir
    Path dir;

    @Test
    void aVoTableIsReadByTableNameWithItsFieldMetadata() throws Exception {
        StilTableSource source = StilTableSource.open(VOTABLE, "votable", "results").orElseThrow();
        assertThat(source.rowCount()).isEqualTo(3);
        assertThat(source.columnNames()).containsExactly("RA", "Dec", "Name", "RVel", "e_RVel", "R");
        TableSource.SourceColumn distance = source.column("R").orElseThrow();
        assertThat(distance.unit()).isEqualTo("Mpc");
        assertThat(distance.ucd()).isEqualTo("pos.distance;pos.heliocentric");
        assertThat(distance.description()).contains("Distance of Galaxy");
        assertThat(source.column("rvel").orElseThrow().datatype()).as("names compare without case").isEqualTo("long");
        assertThat((String[]) source.read("Name", 0, 3)).containsExactly("N 224", "N 6744", "N 598");
        assertThat(StilTableSource.open(VOTABLE, "votable", "0")).as("by position").isPresent();
        assertThat(StilTableSource.open(VOTABLE, "votable", "other")).isEmpty();
    }

    @Test
    void aCsvTableBecomesBatchesThroughItsMapping() throws Exception {
        Path csv = dir.resolve("stars.csv");
        Files.writeString(csv, "id,ra,dec,name\n1,10.5,-3.25,alpha\n2,11.0,4.0,beta\n3,12.5,,gamma\n");
        StilTableSource source = StilTableSource.open(csv, "csv", "0").orElseThrow();
        TableMapping mapping = new TableMapping("cat.stars", "0", "stars", null, null, List.of(
                new ColumnMapping("star_id", "id", null, null, null, null),
                new ColumnMapping("ra", "ra", null, null, null, null),
                new ColumnMapping("dec", "dec", null, null, null, null),
                new ColumnMapping("name", "name", null, null, null, null)));
        ExtractedTable table = new ExtractedTable(mapping, source);
        TableContent content = table.content();
        assertThat(content.rowCount()).isEqualTo(3);
        List<RowBatch> batches = new ArrayList<>();
        table.writeBatches("cat:stars.csv", "0".repeat(32), null, batches::add);
        List<List<Object>> rows = batches.get(0).rows();
        assertThat(rows.get(0)).containsExactly(1L, 10.5, -3.25, "alpha");
        assertThat((Double) rows.get(2).get(2)).as("an empty cell").isNaN();
    }

    @Test
    void aFileThatIsNotAVoTableIsRefusedWithTheReason() throws Exception {
        Path junk = dir.resolve("junk.xml");
        Files.writeString(junk, "<html>not a votable</html>");
        assertThatThrownBy(() -> StilTableSource.open(junk, "votable", "0"))
                .isInstanceOf(InvalidTableException.class).hasMessageContaining("not a readable votable file");
    }
}
