package org.astroarchive.importer.tables;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Header;
import nom.tam.util.ArrayFuncs;
import nom.tam.util.FitsInputStream;

/**
 * A FITS binary table (FITS 4.0 §7.3) found by its EXTNAME, read with nom-tam-fits. Columns are described by TTYPEn,
 * TFORMn, TDIMn and TUNITn; the comment of TTYPEn becomes the description. Only the requested rows are ever read
 * into memory: a block of rows at a time (decoded by nom-tam as a small table of its own), or element by element
 * from the random-access file ({@link FitsTableFile}) for tables with a heap or very wide rows.
 *
 * <p>Values as {@link TableSource#read} returns them:
 * <ul>
 * <li>E, D, I, J, K scalars as {@code float[]}, {@code double[]}, {@code short[]}, {@code int[]}, {@code long[]};
 * B (unsigned bytes, FITS 4.0 §7.3.3.1) as {@code short[]}; L (logical; undefined reads as false) as
 * {@code boolean[]}; A as {@code String[]}.</li>
 * <li>Fixed-size arrays (repeat count &gt; 1, any TDIM flattened row-major) as arrays of those primitive arrays; a bit
 * array nX as {@code boolean[n]} per row, most significant bit first.</li>
 * <li>TZEROn/TSCALn (FITS 4.0 §7.3.2) applied: an integer column with TSCAL 1 and an integral TZERO (the convention
 * for unsigned integers, e.g. I with TZERO 32768) is widened to the next integer type that holds its range (K with
 * a non-zero TZERO becomes double); any other scaling gives doubles, with TNULL values as NaN.</li>
 * <li>Complex (C, M) and variable-length (P, Q) columns are listed but cannot be read: mapping one is an error.</li>
 * </ul>
 */
public final class FitsTableSource implements TableSource {

    /** Largest block of rows read at once; wider reads go element by element. Not final: tests lower it. */
    static long maxBlockBytes = 64L << 20;

    private final String extname;
    private final Path path;
    private final BinaryTable table;
    private final Header header;
    private final long rowBytes;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private BinaryTable block;
    private long blockFirst = -1;
    private int blockCount;

    /** How to turn nom-tam's raw elements of one column into values. */
    private record Column(int index, String name, char type, int count, boolean bits, double scale, double zero,
                          Long blank, String datatype, Class<?> element, String unit, String description, String unsupported) {

        boolean singleton() {
            return count == 1 && type != 'A';
        }

        boolean scaled() {
            return scale != 1.0 || zero != 0.0;
        }
    }

    private FitsTableSource(String extname, Path path, BinaryTable table, Header header) {
        this.extname = extname;
        this.path = path;
        this.table = table;
        this.header = header;
        this.rowBytes = header.getLongValue("NAXIS1", 0);
        for (int c = 0; c < table.getNCols(); c++) {
            Column column = describe(header, table.getDescriptor(c), c);
            columns.putIfAbsent(column.name(), column);
        }
    }

    /**
     * @return the binary table whose EXTNAME is {@code extname}, or empty if the file has no such extension
     * @throws InvalidTableException if the extension is there but is not a binary table, or its data lies beyond the
     *                               end of the file
     */
    public static Optional<FitsTableSource> open(FitsTableFile file, String extname) {
        Optional<BasicHDU<?>> found = file.hdu(extname);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!(found.get() instanceof BinaryTableHDU hdu)) {
            throw new InvalidTableException("FITS extension " + extname + " is a " + found.get().getClass().getSimpleName()
                    .replace("HDU", "") + ", not a binary table (XTENSION='BINTABLE')");
        }
        try {
            return Optional.of(new FitsTableSource(extname, file.path(), hdu.getData(), hdu.getHeader()));
        } catch (RuntimeException e) {
            throw new InvalidTableException("FITS binary table " + extname + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public long rowCount() {
        return table.getNRows();
    }

    @Override
    public List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }

    /** TTYPEn values compare without case, as FITS column names conventionally do. */
    @Override
    public Optional<SourceColumn> column(String name) {
        Column column = find(name);
        if (column == null) {
            return Optional.empty();
        }
        if (column.unsupported() != null) {
            throw new InvalidTableException("column " + column.name() + " of FITS table " + extname + " is "
                    + column.unsupported() + ", which cannot be ingested as a TAP column");
        }
        String arraysize = column.singleton() || column.type() == 'A' ? null : Integer.toString(column.count());
        return Optional.of(new SourceColumn(column.name(), column.datatype(), arraysize, column.unit(), null,
                column.description()));
    }

    @Override
    public Object read(String name, long first, int count) {
        Column column = find(name);
        if (column == null) {
            throw new IllegalArgumentException("no column " + name + " in " + extname);
        }
        if (first < 0 || count < 0 || first + count > rowCount()) {
            throw new IllegalArgumentException("rows " + first + "+" + count + " outside 0.." + rowCount());
        }
        boolean scalar = column.singleton() || column.type() == 'A';
        Object stored = block(first, count, column);
        if (stored != null && scalar && column.element() == stored.getClass().getComponentType()
                && !column.scaled() && column.type() != 'B') {
            return stored; // already the values: float[], int[], boolean[], String[] ...
        }
        Object values = Array.newInstance(scalar ? column.element() : column.element().arrayType(), count);
        long row = first;
        try {
            for (int r = 0; r < count; r++, row++) {
                Object cell = stored != null ? Array.get(stored, r) : element(column, (int) row);
                Array.set(values, r, value(column, cell));
            }
        } catch (RuntimeException e) {
            throw new InvalidTableException("cannot read row " + row + " of column " + column.name() + " of FITS table "
                    + extname + " (file truncated or corrupt?): " + e.getMessage());
        }
        return values;
    }

    /**
     * Rows {@code [first, first + count)} of one column as nom-tam returns a column (a primitive or String array, or an
     * array of arrays), from a block of rows read at once: nom-tam decodes whole columns of a block much faster than
     * element by element. The block is kept for the other columns of the same rows, as {@link ExtractedTable} reads
     * them. Null when the rows are too wide for a block or the table has a heap; then cells are read one by one.
     */
    private Object block(long first, int count, Column column) {
        if (first != blockFirst || count != blockCount) {
            block = null;
            blockFirst = first;
            blockCount = count;
            long bytes = (long) count * rowBytes;
            if (count == 0 || header.getLongValue("PCOUNT", 0) != 0 || bytes > maxBlockBytes) {
                return null;
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                // FITS 4.0 §7.3.1: rows are contiguous, NAXIS1 bytes each, from the start of the data unit
                int length = (int) bytes;
                ByteBuffer buffer = ByteBuffer.allocate(length + (2880 - length % 2880) % 2880);
                long position = table.getFileOffset() + first * rowBytes;
                while (buffer.position() < length) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new InvalidTableException("FITS table " + extname + " ends before row " + (first + count)
                                + ": the file is truncated");
                    }
                }
                Header slice = new Header();
                for (var cursor = header.iterator(); cursor.hasNext(); ) {
                    slice.addLine(cursor.next().copy());
                }
                slice.setNaxis(2, count);
                BinaryTable rows = new BinaryTable(slice);
                rows.read(new FitsInputStream(new ByteArrayInputStream(buffer.array())));
                block = rows;
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidTableException invalid) {
                    throw invalid;
                }
                throw new InvalidTableException("cannot read rows " + first + ".." + (first + count - 1) + " of FITS table "
                        + extname + ": " + e.getMessage());
            }
        }
        if (block == null) {
            return null;
        }
        try {
            return block.getColumn(column.index());
        } catch (RuntimeException e) {
            throw new InvalidTableException("cannot read column " + column.name() + " of FITS table " + extname + ": "
                    + e.getMessage());
        }
    }

    /** One stored cell read on its own from the random-access file, as nom-tam gives it in a column array. */
    private Object element(Column column, int row) {
        Object raw = table.getElement(row, column.index());
        if (column.type() == 'A') {
            return raw;
        }
        return column.singleton() ? Array.get(raw, 0) : raw;
    }

    private Column find(String name) {
        Column column = columns.get(name);
        if (column != null) {
            return column;
        }
        for (Column candidate : columns.values()) {
            if (candidate.name().equalsIgnoreCase(name.trim())) {
                return candidate;
            }
        }
        return null;
    }

    /** One cell: a boxed scalar, a String, or a flat primitive array for an array column. */
    private static Object value(Column column, Object cell) {
        if (column.type() == 'A') {
            return cell instanceof String text ? text : String.valueOf(cell);
        }
        if (!cell.getClass().isArray()) {
            return scalar(column, cell);
        }
        Object flat = cell.getClass().getComponentType().isArray() ? ArrayFuncs.flatten(cell) : cell;
        if (!column.scaled() && column.type() != 'B') {
            return flat;
        }
        int n = Array.getLength(flat);
        Object out = Array.newInstance(column.element(), n);
        for (int i = 0; i < n; i++) {
            Array.set(out, i, scalar(column, Array.get(flat, i)));
        }
        return out;
    }

    /** Applies TZERO/TSCAL/TNULL and B's unsignedness to one stored value. */
    private static Object scalar(Column column, Object stored) {
        if (column.bits() || column.type() == 'L' || !column.scaled() && column.type() != 'B') {
            return stored;
        }
        boolean integer = column.type() == 'B' || column.type() == 'I' || column.type() == 'J' || column.type() == 'K';
        long integral = stored instanceof Byte b ? b & 0xff : integer ? ((Number) stored).longValue() : 0;
        if (column.element() == double.class) {
            if (integer && column.blank() != null && integral == column.blank()) {
                return Double.NaN;
            }
            double raw = integer ? integral : ((Number) stored).doubleValue();
            return column.zero() + column.scale() * raw;
        }
        long physical = integral + (long) column.zero();
        if (column.element() == short.class) {
            return (short) physical;
        } else if (column.element() == int.class) {
            return (int) physical;
        }
        return physical;
    }

    private static Column describe(Header header, BinaryTable.ColumnDesc desc, int c) {
        int n = c + 1;
        String name = header.getStringValue("TTYPE" + n);
        name = name == null || name.isBlank() ? "col" + n : name.trim();
        String tform = header.getStringValue("TFORM" + n);
        char type = typeCode(tform);
        String unit = blankToNull(header.getStringValue("TUNIT" + n));
        var card = header.findCard("TTYPE" + n);
        String description = card == null ? null : blankToNull(card.getComment());
        double scale = header.getDoubleValue("TSCAL" + n, 1.0);
        double zero = header.getDoubleValue("TZERO" + n, 0.0);
        Long blank = header.containsKey("TNULL" + n) ? header.getLongValue("TNULL" + n) : null;
        String unsupported = null;
        if (desc.isVariableSize()) {
            unsupported = "a variable-length array (TFORM " + tform.trim() + ")";
        } else if (desc.isComplex()) {
            unsupported = "complex (TFORM " + tform.trim() + ")";
        } else if (desc.isString() && desc.getElementCount() > 1 && desc.getEntryShape().length > 1) {
            unsupported = "an array of strings (TFORM " + tform.trim() + ", TDIM " + header.getStringValue("TDIM" + n) + ")";
        }
        int count = desc.isString() ? 1 : Math.max(desc.getElementCount(), 0);
        if (count == 0 && unsupported == null) {
            unsupported = "empty (TFORM " + tform.trim() + ")";
        }
        Class<?> element;
        String datatype;
        boolean integer = type == 'B' || type == 'I' || type == 'J' || type == 'K';
        boolean scaled = scale != 1.0 || zero != 0.0;
        if (type == 'A') {
            element = String.class;
            datatype = "char";
        } else if (type == 'L' || desc.isBits()) {
            element = boolean.class;
            datatype = "boolean";
        } else if (integer && (!scaled || scale == 1.0 && zero == Math.rint(zero) && type != 'K')) {
            element = widest(type, zero);
            datatype = element == short.class ? "short" : element == int.class ? "int" : "long";
        } else if (scaled) {
            element = double.class;
            datatype = "double";
        } else {
            element = type == 'E' ? float.class : double.class;
            datatype = type == 'E' ? "float" : "double";
        }
        if (unsupported == null && !integer && type != 'A' && type != 'L' && type != 'X' && type != 'E' && type != 'D') {
            unsupported = "of unsupported type " + type + " (TFORM " + tform.trim() + ")";
        }
        return new Column(c, name, type, count, desc.isBits(), scale, zero, blank, datatype, element, unit, description,
                unsupported);
    }

    /** The smallest signed Java integer type holding every value of a stored integer type shifted by {@code zero}. */
    private static Class<?> widest(char type, double zero) {
        long min = switch (type) {
            case 'B' -> 0;
            case 'I' -> Short.MIN_VALUE;
            case 'J' -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        long max = switch (type) {
            case 'B' -> 255;
            case 'I' -> Short.MAX_VALUE;
            case 'J' -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        if (type == 'K') {
            return long.class;
        }
        min += (long) zero;
        max += (long) zero;
        if (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
            return short.class;
        } else if (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
            return int.class;
        }
        return long.class;
    }

    /** The type letter of a TFORM such as {@code 1E}, {@code 32X}, {@code 20A}, {@code 1PJ(10)}. */
    private static char typeCode(String tform) {
        if (tform == null) {
            throw new InvalidTableException("a column has no TFORM keyword");
        }
        String text = tform.trim().toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            throw new InvalidTableException("TFORM '" + tform + "' has no type letter");
        }
        return text.charAt(i);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
