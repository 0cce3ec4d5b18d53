package org.astroarchive.tap.rest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astroarchive.contracts.IvoaStandards;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.schema.ForeignKey;
import org.astroarchive.tap.schema.PublishedColumn;
import org.astroarchive.tap.schema.PublishedTable;
import org.astroarchive.tap.votable.ResultFormat;
import uk.ac.starlink.votable.VOSerializer;

/** The XML documents of VOSI 1.1 and TAPRegExt 1.0. */
final class VosiDocuments {

    private VosiDocuments() {
    }

    static String availability(boolean available, String note) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
                  <vosi:available>%s</vosi:available>
                  <vosi:note>%s</vosi:note>
                </vosi:availability>
                """.formatted(available, VOSerializer.formatText(note));
    }

    static String capabilities(String tapUrl, TapConfig config) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0">
                  <capability standardID="%1$s" xsi:type="tr:TableAccess">
                    <interface xsi:type="vs:ParamHTTP" role="std" version="1.1">
                      <accessURL use="base">%2$s</accessURL>
                      <securityMethod/>
                      <securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/>
                      <securityMethod standardID="ivo://ivoa.net/sso#OAuth"/>
                    </interface>
                    <language>
                      <name>ADQL</name>
                      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>
                      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>
                      <description>ADQL 2.1 (and 2.0) with geometry on pgSphere (ICRS), uploads, four UDFs and the optional features below</description>
                      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-adqlgeo">
                        <feature><form>POINT</form></feature>
                        <feature><form>CIRCLE</form></feature>
                        <feature><form>BOX</form></feature>
                        <feature><form>POLYGON</form></feature>
                        <feature><form>CONTAINS</form></feature>
                        <feature><form>INTERSECTS</form></feature>
                        <feature><form>DISTANCE</form></feature>
                        <feature><form>AREA</form></feature>
                        <feature><form>COORD1</form></feature>
                        <feature><form>COORD2</form></feature>
                        <feature><form>COORDSYS</form></feature>
                      </languageFeatures>
                      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-udf">
                        <feature>
                          <form>ivo_nocasematch(value VARCHAR(*), pattern VARCHAR(*)) -&gt; INTEGER</form>
                          <description>1 if value matches the LIKE pattern, ignoring case; else 0</description>
                        </feature>
                        <feature>
                          <form>ivo_hashlist_has(hashlist VARCHAR(*), item VARCHAR(*)) -&gt; INTEGER</form>
                          <description>1 if item is one of the '#'-separated hashlist, ignoring case; else 0</description>
                        </feature>
                        <feature>
                          <form>ivo_healpix_index(order INTEGER, ra DOUBLE, dec DOUBLE) -&gt; BIGINT</form>
                          <description>NESTED HEALPix index at order 0 to 29 of the position (ra, dec) in degrees; also ivo_healpix_index(order INTEGER, p POINT) -&gt; BIGINT. Gaia's source_id / 34359738368 is the index at order 12</description>
                        </feature>
                        <feature>
                          <form>ivo_healpix_center(order INTEGER, index BIGINT) -&gt; POINT</form>
                          <description>centre of the NESTED HEALPix cell of that order and index</description>
                        </feature>
                      </languageFeatures>
                      %12$s
                    </language>
                    %9$s
                    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
                    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-http"/>
                    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-https"/>
                    <retentionPeriod><default>0</default></retentionPeriod>
                    <executionDuration><default>%3$d</default><hard>%3$d</hard></executionDuration>
                    <outputLimit>
                      <default unit="row">%4$d</default>
                      <hard unit="row">%5$d</hard>
                    </outputLimit>
                    <uploadLimit>
                      <hard unit="byte">%11$d</hard>
                    </uploadLimit>
                  </capability>
                  <capability standardID="%6$s">
                    <interface xsi:type="vs:ParamHTTP">
                      <accessURL use="full">%2$s/capabilities</accessURL>
                    </interface>
                  </capability>
                  <capability standardID="%7$s">
                    <interface xsi:type="vs:ParamHTTP">
                      <accessURL use="full">%2$s/availability</accessURL>
                    </interface>
                  </capability>
                  <capability standardID="%8$s">
                    <interface xsi:type="vs:ParamHTTP">
                      <accessURL use="full">%2$s/tables</accessURL>
                    </interface>
                  </capability>
                  <capability standardID="%10$s">
                    <interface xsi:type="vr:WebBrowser">
                      <accessURL use="full">%2$s/examples</accessURL>
                    </interface>
                  </capability>
                </vosi:capabilities>
                """.formatted(IvoaStandards.TAP, VOSerializer.formatText(tapUrl), config.syncTimeout().toSeconds(),
                config.maxrecDefault(), config.maxrecLimit(), IvoaStandards.VOSI_CAPABILITIES,
                IvoaStandards.VOSI_AVAILABILITY, IvoaStandards.VOSI_TABLES, outputFormats(), IvoaStandards.DALI_EXAMPLES, config.uploadMaxBytes(),
                adql21Features());
    }

    /**
     * ADQL 2.1's optional features (its §4 and the TAPRegExt feature types it names) that queries can use here; each
     * runs in VosiResourceTest. Not declared: bitwise operators (ADQL's {@code ^} is XOR, PostgreSQL's a power), and
     * COALESCE, which works but whose key {@code features-adql-conditional} Debian's taplint (stilts 3.4.7) does not
     * know yet and reports as an error (E-CAP-KEYX).
     */
    static final Map<String, List<String>> ADQL_21_FEATURES = new LinkedHashMap<>();

    static {
        ADQL_21_FEATURES.put("features-adql-string", List.of("LOWER", "UPPER", "ILIKE"));
        ADQL_21_FEATURES.put("features-adql-common-table", List.of("WITH"));
        ADQL_21_FEATURES.put("features-adql-sets", List.of("UNION", "EXCEPT", "INTERSECT"));
        ADQL_21_FEATURES.put("features-adql-type", List.of("CAST"));
        ADQL_21_FEATURES.put("features-adql-unit", List.of("IN_UNIT"));
        ADQL_21_FEATURES.put("features-adql-offset", List.of("OFFSET"));
    }

    private static String adql21Features() {
        StringBuilder xml = new StringBuilder();
        ADQL_21_FEATURES.forEach((type, forms) -> {
            xml.append(xml.length() == 0 ? "" : "      ")
                    .append("<languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#").append(type).append("\">\n");
            forms.forEach(form -> xml.append("        <feature><form>").append(form).append("</form></feature>\n"));
            xml.append("      </languageFeatures>\n");
        });
        return xml.toString().stripTrailing();
    }

    private static String outputFormats() {
        StringBuilder xml = new StringBuilder();
        for (ResultFormat format : ResultFormat.values()) {
            xml.append(xml.length() == 0 ? "" : "    ").append("<outputFormat>\n      <mime>").append(VOSerializer.formatText(format.mimeType()))
                    .append("</mime>\n      <alias>").append(format.alias()).append("</alias>\n    </outputFormat>\n");
        }
        return xml.toString().stripTrailing();
    }

    static String tableset(Collection<PublishedTable> tables, boolean withColumns) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
                """);
        String schemaName = null;
        for (PublishedTable table : tables) {
            if (!table.schemaName().equals(schemaName)) {
                if (schemaName != null) {
                    xml.append("  </schema>\n");
                }
                schemaName = table.schemaName();
                xml.append("  <schema>\n    <name>").append(VOSerializer.formatText(schemaName)).append("</name>\n");
            }
            xml.append(tableElement(table, withColumns, "    "));
        }
        if (schemaName != null) {
            xml.append("  </schema>\n");
        }
        return xml.append("</vosi:tableset>\n").toString();
    }

    static String table(PublishedTable table, boolean withColumns) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + tableElement(table, withColumns, "").replaceFirst("<table",
                "<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" "
                        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        + "xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\"")
                .replaceFirst("</table>\n$", "</vosi:table>\n");
    }

    private static String tableElement(PublishedTable table, boolean withColumns, String indent) {
        StringBuilder xml = new StringBuilder();
        xml.append(indent).append("<table type=\"").append("view".equals(table.tableType()) ? "view" : "output").append("\">\n");
        element(xml, indent + "  ", "name", table.tableName());
        element(xml, indent + "  ", "description", table.description());
        if (withColumns) {
            for (PublishedColumn column : table.columns()) {
                xml.append(indent).append("  <column std=\"").append(column.std()).append("\">\n");
                String inner = indent + "    ";
                element(xml, inner, "name", column.columnName());
                element(xml, inner, "description", column.description());
                element(xml, inner, "unit", column.unit());
                element(xml, inner, "ucd", column.ucd());
                element(xml, inner, "utype", column.utype());
                xml.append(inner).append("<dataType xsi:type=\"vs:VOTableType\"");
                if (column.arraysize() != null) {
                    xml.append(" arraysize=\"").append(VOSerializer.formatText(column.arraysize())).append('"');
                }
                if (column.xtype() != null) {
                    xml.append(" extendedType=\"").append(VOSerializer.formatText(column.xtype())).append('"');
                }
                xml.append('>').append(column.datatype()).append("</dataType>\n");
                if (column.indexed()) {
                    element(xml, inner, "flag", "indexed");
                }
                if (column.principal()) {
                    element(xml, inner, "flag", "principal");
                }
                xml.append(indent).append("  </column>\n");
            }
            // VODataService 1.1: foreign keys follow the columns
            for (ForeignKey key : table.foreignKeys()) {
                xml.append(indent).append("  <foreignKey>\n");
                element(xml, indent + "    ", "targetTable", key.targetTable());
                for (ForeignKey.ColumnPair pair : key.columns()) {
                    xml.append(indent).append("    <fkColumn>\n");
                    element(xml, indent + "      ", "fromColumn", pair.fromColumn());
                    element(xml, indent + "      ", "targetColumn", pair.targetColumn());
                    xml.append(indent).append("    </fkColumn>\n");
                }
                element(xml, indent + "    ", "description", key.description());
                xml.append(indent).append("  </foreignKey>\n");
            }
        }
        return xml.append(indent).append("</table>\n").toString();
    }

    private static void element(StringBuilder xml, String indent, String name, String value) {
        if (value != null && !value.isBlank()) {
            xml.append(indent).append('<').append(name).append('>').append(VOSerializer.formatText(value))
                    .append("</").append(name).append(">\n");
        }
    }
}
