package org.astroarchive.tap.votable;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOSerializer;
import uk.ac.starlink.votable.VOTableVersion;

/** Writes TAP results and errors as VOTable 1.4 through STIL, streaming (never the whole result in memory). */
public final class VotableWriter {

    private static final VOTableVersion VERSION = VOTableVersion.V14;

    private VotableWriter() {
    }

    /**
     * Writes the result document: QUERY_STATUS OK before the table, and OVERFLOW after it when more than MAXREC rows
     * were available (TAP 1.1 §2.7.4, DALI 1.1 §4.4.1).
     */
    static void write(ResultTable table, DataFormat format, OutputStream out) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writeHeader(writer);
        writer.write("<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n");
        VOSerializer serializer = VOSerializer.makeSerializer(format, VERSION, table);
        java.util.Optional<WireBinary2.Cell[]> wire = format == DataFormat.BINARY2 ? table.wireCells() : java.util.Optional.empty();
        if (wire.isPresent()) {
            // the FIELDs as STIL declares them, the rows from pgjdbc's bytes
            writeStreamedTable(serializer, writer, out, base64 -> {
                try (RowSequence rows = table.wireRowSequence()) {
                    WireBinary2.write(rows, wire.get(), table.selections(), base64);
                }
            });
        } else {
            writeTable(serializer, writer, out);
        }
        if (table.overflowed()) {
            writer.write("<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>\n");
        }
        writer.write("</RESOURCE>\n");
        if (table.datalinkColumn().isPresent() && table.datalinkUrl().isPresent()) {
            writer.write(datalinkDescriptor(table.datalinkUrl().get(), table.datalinkColumn().get()));
        }
        writer.write("</VOTABLE>\n");
        writer.flush();
    }

    /**
     * The TABLE element, byte for byte as STIL's {@code writeInlineTableElement} writes it; for BINARY and BINARY2
     * (VOTable 1.4 §5, the stream inline in base64) with the base64 done here: STIL encodes the rows into the
     * stream of an {@code href} DATA element, whose XML goes nowhere, and {@link Base64Lines} writes their base64
     * straight to the response (STIL's inline path turns every base64 byte into a char and back).
     */
    static void writeTable(VOSerializer serializer, BufferedWriter writer, OutputStream out) throws IOException {
        DataFormat format = serializer.getFormat();
        if (format != DataFormat.BINARY && format != DataFormat.BINARY2) {
            serializer.writeInlineTableElement(writer);
            return;
        }
        writeStreamedTable(serializer, writer, out,
                base64 -> serializer.writeHrefDataElement(new BufferedWriter(Writer.nullWriter()), "", base64));
    }

    /** Writes the rows' bytes of a BINARY or BINARY2 table into the base64 of its STREAM element. */
    private interface RowBytes {
        void writeTo(OutputStream base64) throws IOException;
    }

    private static void writeStreamedTable(VOSerializer serializer, BufferedWriter writer, OutputStream out, RowBytes rows)
            throws IOException {
        DataFormat format = serializer.getFormat();
        serializer.writePreDataXML(writer);
        writer.write("<DATA>\n<" + format + ">\n<STREAM encoding='base64'>\n");
        writer.flush();
        Base64Lines base64 = new Base64Lines(out);
        rows.writeTo(base64);
        base64.finish();
        writer.write("</STREAM>\n</" + format + ">\n</DATA>\n");
        serializer.writePostDataXML(writer);
    }

    /**
     * DataLink 1.1 §4.1: a service descriptor telling clients (TOPCAT, pyvo's {@code iter_datalinks}) that the links
     * of a row come from the DataLink endpoint with the row's {@code access_url} as ID (the service accepts its own
     * URLs as IDs, so several rows can be asked for in one request).
     */
    static String datalinkDescriptor(String datalinkUrl, String column) {
        return "<RESOURCE type=\"meta\" utype=\"adhoc:service\" ID=\"datalink\" name=\"datalink\">\n"
                + "<DESCRIPTION>DataLink links of each row: Cut &amp; Merge (#this), the progenitor file, counterparts"
                + "</DESCRIPTION>\n"
                + "<PARAM name=\"standardID\" datatype=\"char\" arraysize=\"*\" value=\"ivo://ivoa.net/std/DataLink#links-1.1\"/>\n"
                + "<PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + VOSerializer.formatText(datalinkUrl) + "\"/>\n"
                + "<PARAM name=\"contentType\" datatype=\"char\" arraysize=\"*\" value=\"application/x-votable+xml;content=datalink\"/>\n"
                + "<GROUP name=\"inputParams\">\n"
                + "<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" value=\"\" ucd=\"meta.id\" ref=\""
                + VOSerializer.formatText(column) + "\"/>\n"
                + "</GROUP>\n</RESOURCE>\n";
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
