package org.astroarchive.datalink.votable;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Function;
import org.astroarchive.contracts.IvoaStandards;
import org.astroarchive.datalink.datalink.Link;
import org.astroarchive.datalink.datalink.ServiceDescriptor;
import org.astroarchive.contracts.soda.SodaServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes DataLink 1.1 links documents and DALI error documents as VOTable 1.4 in TABLEDATA serialisation, which DataLink
 * 1.1 requires unless the client asks for another (stilts datalinklint checks it). A links table has at most a few rows per
 * ID, so a plain writer is enough; every value goes through {@link #text(String)}.
 */
public final class LinksWriter {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

    /** One column of the links table: DataLink 1.1 §3.2, names, types and UCDs in the standard's order. */
    private record Column(String name, String datatype, String ucd, String unit, String description,
                          Function<Link, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("ID", "char", "meta.id;meta.main", null, "Input identifier", Link::id),
            new Column("access_url", "char", "meta.ref.url", null, "Link to data or service", Link::accessUrl),
            new Column("service_def", "char", "meta.ref", null, "Reference to a service descriptor resource",
                    Link::serviceDef),
            new Column("error_message", "char", "meta.code.error", null, "Error if an access_url cannot be created",
                    Link::errorMessage),
            new Column("semantics", "char", "meta.code", null, "Term from a controlled vocabulary describing the link",
                    Link::semantics),
            new Column("description", "char", "meta.note", null, "Human-readable text describing the link",
                    Link::description),
            new Column("content_type", "char", "meta.code.mime", null, "MIME type of the linked content",
                    Link::contentType),
            new Column("content_length", "long", "phys.size;meta.file", "byte", "Size of the linked content",
                    Link::contentLength),
            new Column("content_qualifier", "char", "meta.code.class", null,
                    "Term from the product-type vocabulary describing the linked content", Link::contentQualifier),
            new Column("local_semantics", "char", "meta.code", null, "Service-specific term describing the link",
                    Link::localSemantics),
            new Column("link_auth", "char", "meta.code", null, "Whether using the link needs authentication: "
                    + "false, optional or true", Link::linkAuth),
            new Column("link_authorized", "boolean", "meta.code", null, "Whether the caller may use the link",
                    Link::linkAuthorized));

    private LinksWriter() {
    }

    /** The links document: one RESOURCE type="results" with QUERY_STATUS OK and the links table. */
    public static void write(List<Link> links, Writer out) throws IOException {
        out.write(HEADER);
        out.write("<RESOURCE type=\"results\">\n");
        out.write("<INFO name=\"standardID\" value=\"" + IvoaStandards.DATALINK_LINKS + "\"/>\n");
        out.write("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n");
        out.write("<TABLE name=\"links\">\n");
        for (Column column : COLUMNS) {
            out.write("<FIELD name=\"" + column.name() + "\" datatype=\"" + column.datatype() + "\"");
            if (!"long".equals(column.datatype()) && !"boolean".equals(column.datatype())) {
                out.write(" arraysize=\"*\"");
            }
            out.write(" ucd=\"" + column.ucd() + "\"");
            if (column.unit() != null) {
                out.write(" unit=\"" + column.unit() + "\"");
            }
            out.write(">\n<DESCRIPTION>" + text(column.description()) + "</DESCRIPTION>\n</FIELD>\n");
        }
        out.write("<DATA><TABLEDATA>\n");
        for (Link link : links) {
            out.write("<TR>");
            for (Column column : COLUMNS) {
                Object value = column.value().apply(link);
                // since VOTable 1.3 an empty cell is null for every datatype
                out.write(value == null ? "<TD/>" : "<TD>" + text(value.toString()) + "</TD>");
            }
            out.write("</TR>\n");
        }
        out.write("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n");
        Map<String, ServiceDescriptor> descriptors = new LinkedHashMap<>();
        links.stream().filter(link -> link.descriptor() != null)
                .forEach(link -> descriptors.putIfAbsent(link.descriptor().id(), link.descriptor()));
        for (ServiceDescriptor descriptor : descriptors.values()) {
            writeDescriptor(descriptor, out);
        }
        out.write("</VOTABLE>\n");
        out.flush();
    }

    /** DataLink 1.1 §4.1: the service's standardID and accessURL, and its input parameters with their VALUES. */
    private static void writeDescriptor(ServiceDescriptor descriptor, Writer out) throws IOException {
        out.write("<RESOURCE type=\"meta\" utype=\"adhoc:service\" ID=\"" + text(descriptor.id()) + "\">\n");
        out.write("<DESCRIPTION>" + text(descriptor.description()) + "</DESCRIPTION>\n");
        if (descriptor.standardId() != null) { // §4.1: only for services following an IVOA standard
            out.write("<PARAM name=\"standardID\" datatype=\"char\" arraysize=\"*\" value=\"" + text(descriptor.standardId()) + "\"/>\n");
        }
        out.write("<PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + text(descriptor.accessUrl()) + "\"/>\n");
        out.write("<GROUP name=\"inputParams\">\n");
        for (SodaServiceDescriptor.Parameter p : descriptor.parameters()) {
            out.write("<PARAM name=\"" + text(p.name()) + "\" datatype=\"" + p.datatype() + "\"");
            if (p.arraysize() != null) {
                out.write(" arraysize=\"" + p.arraysize() + "\"");
            }
            if (p.ucd() != null) {
                out.write(" ucd=\"" + text(p.ucd()) + "\"");
            }
            if (p.unit() != null) {
                out.write(" unit=\"" + text(p.unit()) + "\"");
            }
            if (p.xtype() != null) {
                out.write(" xtype=\"" + text(p.xtype()) + "\"");
            }
            out.write(" value=\"" + text(p.value() == null ? "" : p.value()) + "\">\n");
            out.write("<DESCRIPTION>" + text(p.description()) + "</DESCRIPTION>\n");
            if (p.min() != null || p.max() != null) {
                out.write("<VALUES>");
                if (p.min() != null) {
                    out.write("<MIN value=\"" + text(p.min()) + "\"/>");
                }
                if (p.max() != null) {
                    out.write("<MAX value=\"" + text(p.max()) + "\"/>");
                }
                out.write("</VALUES>\n");
            }
            out.write("</PARAM>\n");
        }
        out.write("</GROUP>\n</RESOURCE>\n");
    }

    /** DALI 1.1 §4.4.2: an error document is a VOTable whose results RESOURCE says QUERY_STATUS ERROR and why. */
    public static String errorDocument(String message) {
        return HEADER + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + text(message)
                + "</INFO>\n</RESOURCE>\n</VOTABLE>\n";
    }

    /**
     * XML character data: markup characters escaped, and characters XML 1.0 cannot carry at all (most control
     * characters, lone surrogates) replaced by U+FFFD, so no ID a caller sends can break the document.
     */
    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }
}
