package org.astroarchive.tap.votable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.astroarchive.tap.TapFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOSerializer;
import uk.ac.starlink.votable.VOTableVersion;

/**
 * The TABLE element of a BINARY or BINARY2 result, written with {@link Base64Lines}, is byte for byte what STIL's own
 * inline writer gives for the same rows: the cell types ResultTable hands on (NULLs, NaN, infinities, arrays, DALI
 * geometries, non-ASCII text), row counts whose stream ends mid-line, on a line, and across the encoding blocks.
 */
class VotableWriterTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 47, 48, 100, 255, 256, 257, 1000})
    void writesTheSameBinary2AsStil(int rows) throws Exception {
        StarTable table = table(rows);
        assertThat(viaWriter(table, DataFormat.BINARY2)).isEqualTo(viaStil(table, DataFormat.BINARY2));
    }

    @ParameterizedTest
    @EnumSource(value = Format.class)
    void writesTheSameTableAsStilInEveryVotableFormat(Format format) throws Exception {
        StarTable table = table(300);
        assertThat(viaWriter(table, format.stil)).isEqualTo(viaStil(table, format.stil));
    }

    @Test
    void writesRowsThatStilReadsBack() throws Exception {
        StarTable table = table(500);
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE version=\"1.4\" "
                + "xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n<RESOURCE type=\"results\">\n"
                + viaWriter(table, DataFormat.BINARY2) + "</RESOURCE>\n</VOTABLE>\n";
        StarTable read = TapFixtures.parseVotable(document.getBytes(StandardCharsets.UTF_8));
        assertThat(read.getRowCount()).isEqualTo(500);
        for (int row : new int[] {0, 1, 2, 3, 4, 250, 499}) {
            for (int column = 0; column < table.getColumnCount(); column++) {
                Object expected = table.getCell(row, column);
                Object actual = read.getCell(row, column);
                if (expected instanceof double[] || expected instanceof int[]) {
                    assertThat(actual).as("row %d column %d", row, column).isEqualTo(expected);
                } else if (expected instanceof Short s) {
                    assertThat(((Number) actual).shortValue()).isEqualTo(s);
                } else {
                    assertThat(actual).as("row %d column %d", row, column).isEqualTo(expected);
                }
            }
        }
    }

    enum Format {
        BINARY(DataFormat.BINARY), BINARY2(DataFormat.BINARY2), TABLEDATA(DataFormat.TABLEDATA);

        final DataFormat stil;

        Format(DataFormat stil) {
            this.stil = stil;
        }
    }

    private static String viaWriter(StarTable table, DataFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        VotableWriter.writeTable(VOSerializer.makeSerializer(format, VOTableVersion.V14, table), writer, out);
        writer.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String viaStil(StarTable table, DataFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        VOSerializer.makeSerializer(format, VOTableVersion.V14, table).writeInlineTableElement(writer);
        writer.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Rows of the cell types a result has after ResultTable's conversions, NULLs and special values among them. */
    private static StarTable table(int rows) {
        ColumnInfo point = new ColumnInfo("pos", double[].class, "a DALI point");
        point.setShape(new int[] {2});
        point.setXtype("point");
        point.setUnitString("deg");
        ColumnInfo polygon = new ColumnInfo("region", double[].class, "a DALI polygon");
        polygon.setShape(new int[] {-1});
        polygon.setXtype("polygon");
        ColumnInfo window = new ColumnInfo("win", int[].class, null);
        window.setShape(new int[] {3});
        RowListStarTable table = new RowListStarTable(new ColumnInfo[] {
            new ColumnInfo("source_id", Long.class, null), new ColumnInfo("ra", Double.class, null),
            new ColumnInfo("mag", Float.class, null), new ColumnInfo("n", Integer.class, null),
            new ColumnInfo("flag", Short.class, null), new ColumnInfo("ok", Boolean.class, null),
            new ColumnInfo("access_url", String.class, null), point, polygon, window});
        List<Object[]> all = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            boolean blank = i % 7 == 3;
            double ra = i % 11 == 5 ? Double.NaN : i % 13 == 6 ? Double.POSITIVE_INFINITY : i * 0.1 + 1e-9;
            all.add(new Object[] {
                blank ? null : 4295806720L + i, blank ? null : ra, blank ? null : (float) (i / 3.0),
                blank ? null : i - 50, blank ? null : (short) (i % 300), blank ? null : i % 2 == 0,
                blank ? null : "http://archive/datalink?id=" + i + (i % 5 == 0 ? "&é" : ""),
                blank ? null : new double[] {i, -i / 2.0}, blank ? null : new double[] {1, 2, 3, 4, 5, i % 4 == 0 ? Double.NaN : 6},
                blank ? null : new int[] {i, i + 1, -i}});
        }
        all.forEach(table::addRow);
        return table;
    }
}
