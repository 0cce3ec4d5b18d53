package org.astroarchive.tap.votable;

import java.io.IOException;
import java.sql.ResultSet;
import java.util.Map;
import java.util.function.UnaryOperator;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.WrapperRowSequence;
import uk.ac.starlink.table.WrapperStarTable;
import org.astroarchive.tap.datalink.ResultSelections;
import org.astroarchive.tap.schema.PublishedColumn;
import uk.ac.starlink.table.DescribedValue;
import uk.ac.starlink.votable.VOStarTable;

/**
 * A streamed query result as STIL sees it: at most {@code maxrec} rows (noting whether more were there), column
 * metadata from TAP_SCHEMA, pgSphere points, circles and polygons as DALI geometries (published columns and computed
 * ones such as {@code POINT(...)} or {@code ivo_healpix_center(...)} alike), other types STIL cannot serialise as
 * text, and the DataLink {@code access_url} of published tables in the seed form ({@link ResultSelections}).
 */
final class ResultTable extends WrapperStarTable {

    private final ResultSet rows;
    private final long maxrec;
    /** How each column's wire bytes become its BINARY2 cell; null for a column that needs its value converted. */
    private final WireBinary2.Cell[] wire;
    private final ColumnInfo[] columns;
    private final UnaryOperator<Object>[] converters;
    private final ResultSelections selections;
    private String datalinkColumn;
    private boolean overflow;
    /** Rows handed to the writer (the most any row sequence gave, as a writer may read the table more than once). */
    private long rowsWritten;

    @SuppressWarnings("unchecked")
    ResultTable(StarTable base, ResultSet rows, String[] databaseTypes, boolean[] binary, long maxrec,
                Map<String, PublishedColumn> published, ResultSelections selections) {
        super(base);
        this.rows = rows;
        this.maxrec = maxrec;
        this.selections = selections;
        this.columns = new ColumnInfo[base.getColumnCount()];
        this.converters = new UnaryOperator[columns.length];
        this.wire = new WireBinary2.Cell[columns.length];
        for (int i = 0; i < columns.length; i++) {
            boolean text = !binary[i] && TEXT_TYPES.contains(databaseTypes[i]);
            ColumnInfo info = new ColumnInfo(base.getColumnInfo(i));
            PublishedColumn meta = published.get(info.getName());
            converters[i] = UnaryOperator.identity();
            if (meta != null) {
                info.setUnitString(meta.unit());
                info.setUCD(meta.ucd());
                info.setUtype(meta.utype());
                info.setDescription(meta.description());
                info.setXtype(meta.xtype());
            }
            Class<?> type = info.getContentClass();
            if (meta != null && DATALINK_COLUMN.equals(info.getName()) && !meta.tableName().startsWith("TAP_UPLOAD.")
                    && datalinkColumn == null) {
                // the column a DataLink service descriptor refers to (DataLink 1.1 §4.1) needs a FIELD ID
                datalinkColumn = DATALINK_COLUMN;
                info.setAuxDatum(new DescribedValue(VOStarTable.ID_INFO, DATALINK_COLUMN));
                converters[i] = value -> selections.accessUrl(value.toString());
                wire[i] = text ? WireBinary2.Cell.ACCESS_URL : null;
            } else if (type == Integer.class && ("int2".equals(databaseTypes[i]) || (meta != null && "short".equals(meta.datatype())))) {
                // JDBC reads smallint as Integer: keep it short, also when an alias or CAST hides the published column
                info.setContentClass(Short.class);
                converters[i] = value -> ((Number) value).shortValue();
                wire[i] = binary[i] && "int2".equals(databaseTypes[i]) ? WireBinary2.Cell.SHORT : null;
            } else if (PgSphere.GEOMETRIES.containsKey(databaseTypes[i])
                    || (meta != null && "polygon".equals(meta.xtype()))) {
                // DALI 1.1 §3.3.5-3.3.7: point (2), circle (3) and polygon (2n) are double arrays in degrees
                String xtype = meta != null && meta.xtype() != null ? meta.xtype() : PgSphere.GEOMETRIES.get(databaseTypes[i]);
                info.setContentClass(double[].class);
                info.setShape(new int[] {"point".equals(xtype) ? 2 : "circle".equals(xtype) ? 3 : -1});
                info.setXtype(xtype);
                if (info.getUnitString() == null) {
                    info.setUnitString("deg");
                }
                converters[i] = "polygon".equals(xtype) ? value -> PgSphere.polygonDegrees(value.toString())
                        : value -> PgSphere.degrees(value.toString());
            } else if (meta != null && "timestamp".equals(meta.xtype())) {
                // DALI 1.1 §3.3.3: ISO 8601 without zone, UTC
                info.setContentClass(String.class);
                converters[i] = ResultTable::isoTimestamp;
            } else if (meta != null && meta.arraysize() != null && !meta.datatype().startsWith("char")) {
                // PostgreSQL arrays come as java.sql.Array or as STIL's double[]: the declared element type it is
                Class<?> element = primitive(meta.datatype());
                info.setContentClass(java.lang.reflect.Array.newInstance(element, 0).getClass());
                info.setShape(new int[] {meta.arraysize().matches("\\d+") ? Integer.parseInt(meta.arraysize()) : -1});
                converters[i] = value -> primitiveArray(value, element);
            } else if (type == String.class) {
                // pgjdbc declares types it does not know (pgSphere's spoint, scircle) as String but returns PGobject,
                // which STIL's FITS writer cannot cast
                converters[i] = value -> value instanceof String ? value : value.toString();
                wire[i] = text ? WireBinary2.Cell.TEXT : null;
            } else if (!(Number.class.isAssignableFrom(type) || type == Boolean.class
                    || (type.isArray() && type.getComponentType().isPrimitive()))) {
                info.setContentClass(String.class);
                converters[i] = Object::toString;
            } else if (binary[i]) {
                wire[i] = NUMBERS.get(type.getSimpleName() + " " + databaseTypes[i]);
            }
            columns[i] = info;
        }
    }

    private static final String DATALINK_COLUMN = "access_url";
    /** PostgreSQL types pgjdbc reads as text and STIL writes as char: their wire bytes are the UTF-8 STIL writes. */
    private static final java.util.Set<String> TEXT_TYPES = java.util.Set.of("text", "varchar", "bpchar");
    /** Binary-transferred numbers whose wire bytes are their BINARY2 cell: JDBC class and PostgreSQL type. */
    private static final Map<String, WireBinary2.Cell> NUMBERS = Map.of("Double float8", WireBinary2.Cell.DOUBLE,
            "Float float4", WireBinary2.Cell.FLOAT, "Long int8", WireBinary2.Cell.LONG, "Integer int4", WireBinary2.Cell.INT);
    /** Rows read on the writer's thread before a second one reads ahead: one fetch of QueryRunner's cursor. */
    private static final long READ_DIRECTLY = QueryRunner.FETCH_SIZE;

    /** The FIELD ID of the result's DataLink URL column, when it has one from a published table. */
    java.util.Optional<String> datalinkColumn() {
        return java.util.Optional.ofNullable(datalinkColumn);
    }

    /** Turns the stored access_url of each row into the one published ({@link WireBinary2} writes it). */
    ResultSelections selections() {
        return selections;
    }

    /** The DataLink endpoint the rows' links point at, known once a row has been written. */
    java.util.Optional<String> datalinkUrl() {
        return selections.datalinkUrl();
    }

    private static Object isoTimestamp(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().format(ISO_MILLIS);
        }
        return value.toString().replace(' ', 'T');
    }

    private static final java.time.format.DateTimeFormatter ISO_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private static Class<?> primitive(String datatype) {
        return switch (datatype) {
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "boolean" -> boolean.class;
            default -> double.class;
        };
    }

    private static Object primitiveArray(Object value, Class<?> element) {
        Object source;
        try {
            source = value instanceof java.sql.Array array ? array.getArray() : value;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read an array value: " + e.getMessage(), e);
        }
        if (source.getClass().getComponentType() == element) {
            return source;
        }
        int length = java.lang.reflect.Array.getLength(source);
        Object result = java.lang.reflect.Array.newInstance(element, length);
        for (int k = 0; k < length; k++) {
            Object cell = java.lang.reflect.Array.get(source, k);
            if (element == boolean.class) {
                java.lang.reflect.Array.set(result, k, Boolean.TRUE.equals(cell));
            } else if (cell == null) {
                if (element == double.class || element == float.class) {
                    java.lang.reflect.Array.set(result, k, element == double.class ? (Object) Double.NaN : (Object) Float.NaN);
                }
            } else {
                Number n = (Number) cell;
                Object converted = element == short.class ? (Object) n.shortValue() : element == int.class ? (Object) n.intValue()
                        : element == long.class ? (Object) n.longValue() : element == float.class ? (Object) n.floatValue()
                        : (Object) n.doubleValue();
                java.lang.reflect.Array.set(result, k, converted);
            }
        }
        return result;
    }

    /** True once the row sequence has seen a row beyond MAXREC (TAP 1.1 §2.7.4: QUERY_STATUS OVERFLOW). */
    boolean overflowed() {
        return overflow;
    }

    /** Rows handed to the writer so far: the result's row count once it is written (issue 6 audit events). */
    long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public ColumnInfo getColumnInfo(int icol) {
        return columns[icol];
    }

    @Override
    public long getRowCount() {
        return -1;
    }

    /**
     * The cells of every column as {@link WireBinary2} writes them, when no column needs its value converted: the
     * BINARY2 rows can then be written from the bytes pgjdbc received ({@link #wireRowSequence}).
     */
    java.util.Optional<WireBinary2.Cell[]> wireCells() {
        for (WireBinary2.Cell cell : wire) {
            if (cell == null) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(wire.clone());
    }

    /** The rows as their cells' wire bytes (see {@link #wireCells}), with the same MAXREC as {@link #getRowSequence}. */
    RowSequence wireRowSequence() {
        return new LimitedRows(new ReadAheadRows(WireBinary2.wireRows(rows, columns.length), READ_DIRECTLY));
    }

    @Override
    public RowSequence getRowSequence() throws IOException {
        return new LimitedRows(new ReadAheadRows(super.getRowSequence(), READ_DIRECTLY)) {
            @Override
            public Object getCell(int icol) throws IOException {
                Object value = super.getCell(icol);
                return value == null ? null : converters[icol].apply(value);
            }

            @Override
            public Object[] getRow() throws IOException {
                Object[] row = super.getRow().clone();
                for (int i = 0; i < row.length; i++) {
                    row[i] = row[i] == null ? null : converters[i].apply(row[i]);
                }
                return row;
            }
        };
    }

    /** At most MAXREC rows, noting an overflow; the DataLink selections are stored before the end is reported. */
    private class LimitedRows extends WrapperRowSequence {
        private long count;

        LimitedRows(RowSequence source) {
            super(source);
        }

        @Override
        public boolean next() throws IOException {
            if (!super.next()) {
                selections.finish();
                return false;
            }
            if (++count > maxrec) {
                overflow = true;
                selections.finish();
                return false;
            }
            rowsWritten = Math.max(rowsWritten, count);
            return true;
        }

        @Override
        public void close() throws IOException {
            selections.finish();
            super.close();
        }
    }
}
