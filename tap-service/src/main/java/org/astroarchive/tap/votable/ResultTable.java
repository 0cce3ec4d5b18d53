package org.astroarchive.tap.votable;

import java.io.IOException;
import java.util.Map;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.WrapperRowSequence;
import uk.ac.starlink.table.WrapperStarTable;
import org.astroarchive.tap.schema.PublishedColumn;

/**
 * A streamed query result as STIL sees it: at most {@code maxrec} rows (noting whether more were there), column
 * metadata from TAP_SCHEMA, and database types STIL cannot serialise (e.g. pgSphere values) passed as text.
 */
final class ResultTable extends WrapperStarTable {

    private final long maxrec;
    private final ColumnInfo[] columns;
    private final boolean[] asText;
    private boolean overflow;

    ResultTable(StarTable base, long maxrec, Map<String, PublishedColumn> published) {
        super(base);
        this.maxrec = maxrec;
        this.columns = new ColumnInfo[base.getColumnCount()];
        this.asText = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            ColumnInfo info = new ColumnInfo(base.getColumnInfo(i));
            Class<?> type = info.getContentClass();
            if (!(Number.class.isAssignableFrom(type) || type == String.class || type == Boolean.class
                    || (type.isArray() && type.getComponentType().isPrimitive()))) {
                info.setContentClass(String.class);
                asText[i] = true;
            }
            PublishedColumn meta = published.get(info.getName());
            if (meta != null) {
                info.setUnitString(meta.unit());
                info.setUCD(meta.ucd());
                info.setUtype(meta.utype());
                info.setDescription(meta.description());
            }
            columns[i] = info;
        }
    }

    /** True once the row sequence has seen a row beyond MAXREC (TAP 1.1 §2.7.4: QUERY_STATUS OVERFLOW). */
    boolean overflowed() {
        return overflow;
    }

    @Override
    public ColumnInfo getColumnInfo(int icol) {
        return columns[icol];
    }

    @Override
    public long getRowCount() {
        return -1;
    }

    @Override
    public RowSequence getRowSequence() throws IOException {
        return new WrapperRowSequence(super.getRowSequence()) {
            private long rows;

            @Override
            public boolean next() throws IOException {
                if (!super.next()) {
                    return false;
                }
                if (++rows > maxrec) {
                    overflow = true;
                    return false;
                }
                return true;
            }

            @Override
            public Object getCell(int icol) throws IOException {
                Object value = super.getCell(icol);
                return asText[icol] && value != null ? value.toString() : value;
            }

            @Override
            public Object[] getRow() throws IOException {
                Object[] row = super.getRow().clone();
                for (int i = 0; i < row.length; i++) {
                    if (asText[i] && row[i] != null) {
                        row[i] = row[i].toString();
                    }
                }
                return row;
            }
        };
    }
}
