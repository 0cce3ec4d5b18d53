package org.astroarchive.importer.tables;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.table.TableSequence;
import uk.ac.starlink.table.Tables;
import uk.ac.starlink.util.FileDataSource;

/**
 * A VOTable (any serialisation) or CSV table read with STIL. The table is picked by its VOTable TABLE name or its
 * 0-based position ({@code source}); units, UCDs and descriptions come from the FIELDs. Large tables are held on
 * disk by STIL, not in the heap.
 */
public final class StilTableSource implements TableSource {

    private final StarTable table;
    private final long rows;

    private StilTableSource(StarTable table) {
        this.table = table;
        this.rows = table.getRowCount();
    }

    /**
     * @param format STIL's name of the input format: {@code votable} or {@code csv}
     * @return the table named or numbered {@code source}, empty if the file has no such table
     * @throws InvalidTableException if the file cannot be read in that format
     */
    public static Optional<StilTableSource> open(Path file, String format, String source) {
        List<StarTable> tables = new ArrayList<>();
        try {
            StarTableFactory factory = new StarTableFactory(true);
            factory.setStoragePolicy(StoragePolicy.PREFER_DISK);
            TableSequence sequence = factory.makeStarTables(new FileDataSource(file.toFile()), format);
            for (StarTable next; (next = sequence.nextTable()) != null; ) {
                tables.add(Tables.randomTable(next));
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidTableException("not a readable " + format + " file: " + e.getMessage());
        }
        if (tables.isEmpty()) {
            throw new InvalidTableException("the " + format + " file holds no table");
        }
        String wanted = source == null ? "0" : source.trim();
        for (int i = 0; i < tables.size(); i++) {
            if (wanted.equals(Integer.toString(i)) || wanted.equals(tables.get(i).getName())) {
                return Optional.of(new StilTableSource(tables.get(i)));
            }
        }
        return Optional.empty();
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            names.add(table.getColumnInfo(i).getName());
        }
        return names;
    }

    @Override
    public Optional<SourceColumn> column(String name) {
        int index = index(name);
        if (index < 0) {
            return Optional.empty();
        }
        ColumnInfo info = table.getColumnInfo(index);
        Class<?> type = info.getContentClass();
        String arraysize = type.isArray() && type != String.class && info.getShape() != null && info.getShape().length == 1
                && info.getShape()[0] > 0 ? Integer.toString(info.getShape()[0]) : null;
        return Optional.of(new SourceColumn(info.getName(), datatype(type), arraysize, info.getUnitString(), info.getUCD(),
                info.getDescription()));
    }

    @Override
    public Object read(String column, long first, int count) throws IOException {
        int index = index(column);
        Class<?> type = table.getColumnInfo(index).getContentClass();
        Object values = Array.newInstance(type == Double.class || type == Float.class ? double.class
                : type == Long.class || type == Integer.class || type == Short.class || type == Byte.class ? long.class
                : type == Boolean.class ? Boolean.class : type.isArray() ? type : String.class, count);
        for (int i = 0; i < count; i++) {
            Object cell = table.getCell(first + i, index);
            if (values instanceof double[] doubles) {
                doubles[i] = cell == null ? Double.NaN : ((Number) cell).doubleValue();
            } else if (values instanceof long[] longs) {
                if (cell == null) {
                    throw new InvalidTableException("row " + (first + i) + ": integer column " + column
                            + " has no value; give it a default in the description or make it nullable");
                }
                longs[i] = ((Number) cell).longValue();
            } else if (values instanceof String[] strings) {
                strings[i] = cell == null ? null : cell.toString();
            } else {
                Array.set(values, i, cell);
            }
        }
        return values;
    }

    private int index(String name) {
        for (int i = 0; i < table.getColumnCount(); i++) {
            if (table.getColumnInfo(i).getName().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < table.getColumnCount(); i++) {
            if (table.getColumnInfo(i).getName().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Scalars are widened as {@link #read} returns them (long, double); arrays keep their element type. */
    private static String datatype(Class<?> type) {
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            Class<?> element = type.getComponentType();
            return element == byte.class ? "short" : element.getName();
        } else if (type == Double.class || type == Float.class) {
            return "double";
        } else if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class) {
            return "long";
        } else if (type == Boolean.class) {
            return "boolean";
        }
        return "char";
    }
}
