package org.astroarchive.tap.votable;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import uk.ac.starlink.table.RowSequence;
import org.astroarchive.tap.datalink.ResultSelections;

/**
 * The BINARY2 stream of a result (VOTable 1.4 §5.4) written from the bytes pgjdbc received, for results whose every
 * column is a binary-transferred number or text: PostgreSQL's binary float8, float4, int8, int4 and int2 are already
 * the big-endian IEEE and two's-complement values BINARY2 wants, and text arrives as the UTF-8 that STIL's
 * {@code char} encoder writes. Boxing every cell ({@code getObject}) and encoding it back through STIL's encoders was
 * the larger part of a large result's CPU. The bytes are those STIL writes for the same table (NULL flagged, its cell
 * written as NaN, 0 or an empty string; every NaN canonical as {@code DataOutput.writeDouble} makes it):
 * {@code BinaryTransferTest} compares them.
 */
final class WireBinary2 {

    /** What a column's wire bytes are, and so how they become its BINARY2 cell. */
    enum Cell {
        DOUBLE, FLOAT, LONG, INT, SHORT, TEXT,
        /** text rewritten by {@link ResultSelections#accessUrl} into the seed-form DataLink URL */
        ACCESS_URL
    }

    private static final int BUFFER = 1 << 16;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** What STIL writes for a NULL or any NaN of each width: the canonical NaN, or zeros. */
    private static final byte[] DOUBLE_NAN = new byte[8];
    private static final byte[] FLOAT_NAN = new byte[4];
    private static final byte[] ZEROS = new byte[8];

    static {
        LONG.set(DOUBLE_NAN, 0, Double.doubleToLongBits(Double.NaN));
        INT.set(FLOAT_NAN, 0, Float.floatToIntBits(Float.NaN));
    }

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int length;

    private WireBinary2(OutputStream out) {
        this.out = out;
    }

    /** Writes every row of {@code rows} (each cell its wire bytes, or null) as BINARY2 to {@code out}. */
    static void write(RowSequence rows, Cell[] cells, ResultSelections selections, OutputStream out) throws IOException {
        WireBinary2 writer = new WireBinary2(out);
        int flagBytes = (cells.length + 7) / 8;
        while (rows.next()) {
            Object[] row = rows.getRow();
            writer.room(flagBytes);
            int flags = writer.length;
            for (int i = 0; i < flagBytes; i++) {
                writer.buffer[flags + i] = 0;
            }
            for (int i = 0; i < cells.length; i++) {
                if (row[i] == null) {
                    writer.buffer[flags + i / 8] |= (byte) (0x80 >> (i % 8));
                }
            }
            writer.length += flagBytes;
            for (int i = 0; i < cells.length; i++) {
                writer.cell(cells[i], (byte[]) row[i], selections);
            }
        }
        writer.flush();
    }

    private void cell(Cell cell, byte[] value, ResultSelections selections) throws IOException {
        switch (cell) {
            case DOUBLE -> fixed(value == null || isNaN(value) ? DOUBLE_NAN : value, 8);
            case FLOAT -> fixed(value == null || isNaN(value) ? FLOAT_NAN : value, 4);
            // BINARY2 flags a NULL integer; STIL writes 0 there, no magic value
            case LONG -> fixed(value == null ? ZEROS : value, 8);
            case INT -> fixed(value == null ? ZEROS : value, 4);
            case SHORT -> fixed(value == null ? ZEROS : value, 2);
            case TEXT -> text(value);
            case ACCESS_URL -> text(value == null ? null
                    : selections.accessUrl(new String(value, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void fixed(byte[] value, int size) throws IOException {
        room(size);
        System.arraycopy(value, 0, buffer, length, size);
        length += size;
    }

    /** A variable-length char cell: its byte count, then its bytes; a NULL is an empty string. */
    private void text(byte[] value) throws IOException {
        int size = value == null ? 0 : value.length;
        room(4);
        INT.set(buffer, length, size);
        length += 4;
        if (size > buffer.length - length) {
            flush();
            if (size > buffer.length) {
                out.write(value, 0, size);
                return;
            }
        }
        if (size > 0) {
            fixed(value, size);
        }
    }

    /** True for any NaN of the width of {@code value} (8 or 4 bytes). */
    private static boolean isNaN(byte[] value) {
        return value.length == 8 ? Double.isNaN(Double.longBitsToDouble((long) LONG.get(value, 0)))
                : Float.isNaN(Float.intBitsToFloat((int) INT.get(value, 0)));
    }

    private void room(int size) throws IOException {
        if (size > buffer.length - length) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (length > 0) {
            out.write(buffer, 0, length);
            length = 0;
        }
    }

    /**
     * The rows of {@code rs} as their cells' wire bytes ({@code getBytes}: pgjdbc hands over the received value, not a
     * copy), for {@link ReadAheadRows}.
     */
    static RowSequence wireRows(ResultSet rs, int columns) {
        return new RowSequence() {
            private Object[] row;

            @Override
            public boolean next() throws IOException {
                try {
                    if (!rs.next()) {
                        return false;
                    }
                    row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getBytes(i + 1);
                    }
                    return true;
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public Object getCell(int icol) {
                return row[icol];
            }

            @Override
            public Object[] getRow() {
                return row;
            }

            @Override
            public void close() throws IOException {
                try {
                    rs.close();
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }
}
