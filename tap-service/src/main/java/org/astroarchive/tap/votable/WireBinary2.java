package org.astroarchive.tap.votable;

import java.io.IOException;
import java.io.OutputStream;
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
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToLongBits(Double.NaN);
    private static final int CANONICAL_FLOAT_NAN = Float.floatToIntBits(Float.NaN);

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
            case DOUBLE -> {
                room(8);
                if (value == null || isNaN(value)) {
                    putLong(CANONICAL_DOUBLE_NAN);
                } else {
                    put(value, 8);
                }
            }
            case FLOAT -> {
                room(4);
                if (value == null || isNaN(value)) {
                    putInt(CANONICAL_FLOAT_NAN);
                } else {
                    put(value, 4);
                }
            }
            case LONG -> fixed(value, 8);
            case INT -> fixed(value, 4);
            case SHORT -> fixed(value, 2);
            case TEXT -> text(value);
            case ACCESS_URL -> text(value == null ? null
                    : selections.accessUrl(new String(value, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An integer cell; a NULL is written as 0 (BINARY2 flags it; STIL uses no magic value there). */
    private void fixed(byte[] value, int size) throws IOException {
        room(size);
        if (value == null) {
            for (int i = 0; i < size; i++) {
                buffer[length++] = 0;
            }
        } else {
            put(value, size);
        }
    }

    /** A variable-length char cell: its byte count, then its bytes; a NULL is an empty string. */
    private void text(byte[] value) throws IOException {
        int size = value == null ? 0 : value.length;
        room(4);
        putInt(size);
        if (size == 0) {
            return;
        }
        if (size > buffer.length - length) {
            flush();
            if (size > buffer.length) {
                out.write(value, 0, size);
                return;
            }
        }
        put(value, size);
    }

    /** True for any NaN of the width of {@code value}: all exponent bits set and a non-zero fraction. */
    private static boolean isNaN(byte[] value) {
        if (value.length == 8) {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (value[i] & 0xff);
            }
            return Double.isNaN(Double.longBitsToDouble(bits));
        }
        int bits = 0;
        for (int i = 0; i < 4; i++) {
            bits = (bits << 8) | (value[i] & 0xff);
        }
        return Float.isNaN(Float.intBitsToFloat(bits));
    }

    private void room(int size) throws IOException {
        if (size > buffer.length - length) {
            flush();
        }
    }

    private void put(byte[] value, int size) {
        System.arraycopy(value, 0, buffer, length, size);
        length += size;
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
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
