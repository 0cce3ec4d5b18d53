package org.astroarchive.tap.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astroarchive.tap.schema.PublishedColumn;
import org.astroarchive.tap.schema.PublishedTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;

/**
 * A table uploaded with a query (TAP 1.1 §2.5), queryable as {@code TAP_UPLOAD.<name>} and held in a temporary
 * table of the query's own transaction ({@code ON COMMIT DROP}).
 */
public record UploadedTable(String name, StarTable table, List<Column> columns) {

    /** An upload column: its ADQL name, the SQL type of the temporary table, and the metadata it came with. */
    public record Column(String name, String sqlType, Class<?> type, ColumnInfo info) {
    }

    public static UploadedTable of(String name, StarTable table) throws UploadException {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            ColumnInfo info = table.getColumnInfo(i);
            String column = info.getName() == null ? "col" + (i + 1) : info.getName();
            if (!column.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
                throw new UploadException("upload '" + name + "': column name '" + column + "' is not an ADQL identifier",
                        "rename the column to letters, digits and underscores");
            }
            columns.add(new Column(column.toLowerCase(Locale.ROOT), sqlType(info.getContentClass()), info.getContentClass(), info));
        }
        return new UploadedTable(name, table, columns);
    }

    /** The temporary table's name, qualified so that no published table can be shadowed. */
    public String sqlName() {
        return "pg_temp.tap_upload_" + name.toLowerCase(Locale.ROOT);
    }

    /** How the upload appears to the translator and in result metadata: as uploaded (datatype, unit, UCD, xtype). */
    public PublishedTable asPublished() {
        List<PublishedColumn> published = new ArrayList<>();
        for (Column column : columns) {
            ColumnInfo info = column.info();
            published.add(new PublishedColumn("TAP_UPLOAD." + name, column.name(), datatype(column.type()), null,
                    info.getXtype(), info.getUnitString(), info.getUCD(), info.getUtype(), info.getDescription(),
                    false, false, false));
        }
        return new PublishedTable("TAP_UPLOAD", "TAP_UPLOAD." + name, "table", "uploaded with the query", published, List.of());
    }

    /** Java class of an uploaded column → {TAP datatype, PostgreSQL type}; anything else is text. */
    private static final Map<Class<?>, String[]> TYPES = Map.of(
            Double.class, new String[] {"double", "double precision"},
            Float.class, new String[] {"float", "real"},
            Long.class, new String[] {"long", "bigint"},
            Integer.class, new String[] {"int", "integer"},
            Short.class, new String[] {"short", "smallint"},
            Byte.class, new String[] {"short", "smallint"},
            Boolean.class, new String[] {"boolean", "boolean"},
            double[].class, new String[] {"double", "double precision[]"},
            float[].class, new String[] {"double", "double precision[]"});

    private static String datatype(Class<?> type) {
        return TYPES.getOrDefault(type, new String[] {"char", "text"})[0];
    }

    private static String sqlType(Class<?> type) {
        return TYPES.getOrDefault(type, new String[] {"char", "text"})[1];
    }
}
