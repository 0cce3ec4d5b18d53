package org.astroarchive.tap.votable;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astroarchive.tap.schema.PublishedColumn;
import org.astroarchive.tap.schema.PublishedTable;
import uk.ac.starlink.table.jdbc.SequentialResultSetStarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOSerializer;
import uk.ac.starlink.votable.VOTableVersion;

/**
 * Writes TAP results and errors as VOTable 1.4, streaming rows from the database cursor through STIL (never the
 * whole result in memory).
 */
public final class VotableWriter {

    private static final VOTableVersion VERSION = VOTableVersion.V14;

    private VotableWriter() {
    }

    /**
     * Writes the result document: QUERY_STATUS OK before the table, and OVERFLOW after it when more than
     * {@code maxrec} rows were available (TAP 1.1 §2.7.4, DALI 1.1 §4.4.1).
     */
    public static void writeResult(ResultSet rows, long maxrec, DataFormat format, List<PublishedTable> tables,
                                   OutputStream out) throws IOException, SQLException {
        Map<String, PublishedColumn> published = new HashMap<>();
        // keyed by the name the database returns: delimited names such as "size" lose their quotes
        tables.forEach(table -> table.columns().forEach(column -> published.putIfAbsent(column.columnName().replace("\"", ""), column)));
        ResultTable table = new ResultTable(new SequentialResultSetStarTable(rows), maxrec, published);
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writeHeader(writer);
        writer.write("<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n");
        VOSerializer.makeSerializer(format, VERSION, table).writeInlineTableElement(writer);
        if (table.overflowed()) {
            writer.write("<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>\n");
        }
        writer.write("</RESOURCE>\n</VOTABLE>\n");
        writer.flush();
    }

    /** DALI 1.1 §4.4.2: an error document is a VOTable whose RESOURCE says QUERY_STATUS ERROR with the message. */
    public static String errorDocument(String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + votableStart()
                + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">"
                + VOSerializer.formatText(message) + "</INFO>\n</RESOURCE>\n</VOTABLE>\n";
    }

    private static void writeHeader(BufferedWriter writer) throws IOException {
        writer.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        writer.write(votableStart());
    }

    private static String votableStart() {
        return "<VOTABLE version=\"" + VERSION.getVersionNumber() + "\" xmlns=\"" + VERSION.getXmlNamespace()
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";
    }
}
