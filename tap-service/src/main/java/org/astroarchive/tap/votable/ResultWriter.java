package org.astroarchive.tap.votable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astroarchive.tap.datalink.ResultSelections;
import org.astroarchive.tap.schema.PublishedColumn;
import org.astroarchive.tap.schema.PublishedTable;
import org.postgresql.PGResultSetMetaData;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.table.formats.CsvTableWriter;
import uk.ac.starlink.table.jdbc.SequentialResultSetStarTable;
import uk.ac.starlink.votable.DataFormat;

/** Writes a query result in any {@link ResultFormat}, streaming rows from the database cursor. */
public final class ResultWriter {

    private ResultWriter() {
    }

    /** Writes the result; returns the rows written (at most {@code maxrec}). */
    public static long write(ResultSet rows, long maxrec, ResultFormat format, List<PublishedTable> tables,
                             ResultSelections selections, OutputStream out) throws IOException, SQLException {
        Map<String, PublishedColumn> published = new HashMap<>();
        tables.forEach(table -> table.columns().forEach(column -> published.putIfAbsent(column.plainName(), column)));
        ResultSetMetaData meta = rows.getMetaData();
        String[] databaseTypes = new String[meta.getColumnCount()];
        boolean[] binary = new boolean[databaseTypes.length];
        PGResultSetMetaData wire = meta.isWrapperFor(PGResultSetMetaData.class) ? meta.unwrap(PGResultSetMetaData.class) : null;
        for (int i = 0; i < databaseTypes.length; i++) {
            databaseTypes[i] = meta.getColumnTypeName(i + 1);
            binary[i] = wire != null && wire.getFormat(i + 1) == 1;
        }
        ResultTable table = new ResultTable(new SequentialResultSetStarTable(rows), rows, databaseTypes, binary, maxrec,
                published, selections);
        switch (format) {
            case VOTABLE_BINARY2 -> VotableWriter.write(table, DataFormat.BINARY2, out);
            case VOTABLE_TABLEDATA -> VotableWriter.write(table, DataFormat.TABLEDATA, out);
            case VOTABLE_BINARY -> VotableWriter.write(table, DataFormat.BINARY, out);
            case CSV, TSV -> {
                CsvTableWriter csv = new CsvTableWriter(true);
                csv.setDelimiter(format == ResultFormat.TSV ? '\t' : ',');
                csv.writeStarTable(table, out);
            }
            // a FITS header states the row count first: the rows go to a temporary file, not memory, before writing
            case FITS -> new FitsTableWriter().writeStarTable(StoragePolicy.PREFER_DISK.copyTable(table), out);
            case JSON -> writeJson(table, out);
        }
        out.flush();
        return table.rowsWritten();
    }

    /** {"metadata": [{name, datatype, unit, ucd, description}], "data": [[...], ...], "query_status": "OK"|"OVERFLOW"}. */
    private static void writeJson(ResultTable table, OutputStream out) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("metadata");
            for (int i = 0; i < table.getColumnCount(); i++) {
                ColumnInfo info = table.getColumnInfo(i);
                json.writeStartObject();
                json.writeStringField("name", info.getName());
                json.writeStringField("datatype", info.getContentClass().getSimpleName());
                writeIfPresent(json, "unit", info.getUnitString());
                writeIfPresent(json, "ucd", info.getUCD());
                writeIfPresent(json, "description", info.getDescription());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            try (RowSequence rows = table.getRowSequence()) {
                while (rows.next()) {
                    json.writeStartArray();
                    for (Object cell : rows.getRow()) {
                        writeValue(json, cell);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndArray();
            json.writeStringField("query_status", table.overflowed() ? "OVERFLOW" : "OK");
            json.writeEndObject();
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null || (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN())) {
            json.writeNull();
        } else if (value instanceof Number || value instanceof Boolean) {
            json.writeObject(value);
        } else if (value.getClass().isArray()) {
            json.writeStartArray();
            for (int i = 0; i < Array.getLength(value); i++) {
                writeValue(json, Array.get(value, i));
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
