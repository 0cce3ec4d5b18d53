package org.astroarchive.datalink.votable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.datalink.datalink.Fault;
import org.astroarchive.datalink.datalink.Link;
import org.astroarchive.datalink.datalink.Semantics;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

class LinksWriterTest {

    @Test
    void escapesMarkupAndReplacesCharactersXmlCannotCarry() {
        assertThat(LinksWriter.text("a<b>&\"c\" \u0001\uD800 \uD83D\uDE00")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot; \uFFFD\uFFFD \uD83D\uDE00");
    }

    @Test
    void writesNullsAsEmptyCellsThatReadBackAsNulls() throws Exception {
        StringWriter out = new StringWriter();
        LinksWriter.write(List.of(Link.open("x", Semantics.PROGENITOR, "http://h/f", "d", "application/x-hdf5", 12L),
                Link.error("y<", Fault.NOT_FOUND, "no such row")), out);
        StarTable table = DataLinkFixtures.parse(out.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(table.getRowCount()).isEqualTo(2);
        assertThat(table.getCell(0, 7)).isEqualTo(12L);
        assertThat(table.getCell(0, 11)).isEqualTo(Boolean.TRUE);
        assertThat(table.getCell(1, 0)).isEqualTo("y<");
        assertThat(table.getCell(1, 1)).isNull();
        assertThat(table.getCell(1, 3)).isEqualTo("NotFoundFault: no such row");
        assertThat(table.getCell(1, 7)).isNull();
        assertThat(table.getCell(1, 11)).isNull();
    }
}
