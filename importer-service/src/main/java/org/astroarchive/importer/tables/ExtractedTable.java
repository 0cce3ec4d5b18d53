package org.astroarchive.importer.tables;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.importer.service.CollectionDescription.ColumnMapping;
import org.astroarchive.importer.service.CollectionDescription.TableMapping;
import org.astroarchive.importer.service.Conversions;

/**
 * One table of one file seen through its {@link TableMapping}: the column definitions TAP_SCHEMA will publish and
 * the rows, cut into {@link RowBatch}es small enough for a Kafka record (about {@value #TARGET_BATCH_BYTES} bytes
 * of JSON each).
 */
public final class ExtractedTable {

    static final int TARGET_BATCH_BYTES = 512 * 1024;
    /** Rows read from the file at once: whole 64 Ki-row chunks, so each compressed chunk is inflated once. */
    static final int READ_BLOCK_ROWS = 65536;

    /** Receives the batches in order. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(RowBatch batch) throws IOException;
    }

    private final TableMapping mapping;
    private final TableSource source;
    private final List<Resolved> columns = new ArrayList<>();
    private final int batchRows;

    /** A target column: where its value comes from and what TAP_SCHEMA says of it. */
    private record Resolved(ColumnMapping mapping, ColumnDefinition definition, String sourceColumn, Object constant) {
    }

    /** @throws InvalidTableException if a mapped source column is missing and has no default */
    public ExtractedTable(TableMapping mapping, TableSource source) {
        this.mapping = mapping;
        this.source = source;
        int rowBytes = 2;
        for (ColumnMapping column : mapping.columns()) {
            Resolved resolved = resolve(column);
            columns.add(resolved);
            rowBytes += estimatedBytes(resolved.definition());
        }
        batchRows = Math.max(1, Math.min(50_000, TARGET_BATCH_BYTES / rowBytes));
    }

    private Resolved resolve(ColumnMapping column) {
        TableSource.SourceColumn found = column.forced() == null && column.source() != null
                ? source.column(column.source()).orElse(null) : null;
        Object constant = column.forced() != null ? column.forced() : null;
        if (column.forced() == null && found == null) {
            if (column.defaultValue() == null) {
                throw new InvalidTableException("column '" + column.source() + "' for " + mapping.table() + "."
                        + column.column() + " is missing from " + mapping.source() + " and has no default; the file has "
                        + source.columnNames());
            }
            constant = column.defaultValue();
        }
        if (constant != null) {
            constant = Conversions.apply(column.conversion(), constant);
        }
        boolean timestamp = column.conversion() != null && column.conversion().endsWith("-to-timestamp");
        String datatype = first(column.datatype(), timestamp ? "char" : null,
                found != null && column.conversion() == null ? found.datatype() : null, datatypeOf(constant), "double");
        String xtype = first(column.xtype(), timestamp ? "timestamp" : null);
        // a conversion makes a new value: the stored shape and unit no longer describe it (e.g. 32 bits -> integer)
        boolean asStored = found != null && column.conversion() == null;
        String arraysize = first(column.arraysize(), asStored ? found.arraysize() : null);
        ColumnDefinition definition = new ColumnDefinition(column.column().toLowerCase(Locale.ROOT), datatype, arraysize, xtype,
                first(column.unit(), asStored ? found.unit() : null),
                first(column.ucd(), found != null ? found.ucd() : null), column.utype(),
                first(column.description(), found != null ? found.description() : null),
                column.principal(), column.indexed());
        return new Resolved(column, definition, found != null ? found.name() : null, constant);
    }

    public TableContent content() {
        TableContent.Position position = mapping.position() == null ? null
                : new TableContent.Position(mapping.position().ra(), mapping.position().dec());
        return new TableContent(mapping.table().toLowerCase(Locale.ROOT), mapping.description(), mapping.source(),
                source.rowCount(), batchCount(), columns.stream().map(Resolved::definition).toList(), position,
                mapping.linkColumn());
    }

    public int batchCount() {
        return (int) ((source.rowCount() + batchRows - 1) / batchRows);
    }

    /**
     * Reads the rows block by block and hands them to {@code sink} as batches; the first carries {@code header}.
     *
     * @throws InvalidTableException if a value cannot be read or converted; batches already sent stay invisible
     *                               because the file's {@code FileIngested} is never sent
     */
    public void writeBatches(String did, String md5, RowBatch.Header header, BatchSink sink) throws IOException {
        List<String> names = columns.stream().map(c -> c.definition().name()).toList();
        String table = mapping.table().toLowerCase(Locale.ROOT);
        int batchCount = batchCount();
        int batch = 0;
        long batchFirst = 0;
        List<List<Object>> values = new ArrayList<>(batchRows);
        // batches of batchRows rows from row 0; a batch may take rows from two read blocks
        for (long blockStart = 0; blockStart < source.rowCount(); blockStart += READ_BLOCK_ROWS) {
            int blockRows = (int) Math.min(READ_BLOCK_ROWS, source.rowCount() - blockStart);
            Object[] block = new Object[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c).sourceColumn();
                block[c] = column == null ? null : source.read(column, blockStart, blockRows);
            }
            for (int r = 0; r < blockRows; r++) {
                values.add(row(block, r, blockStart + r));
                if (values.size() == batchRows) {
                    sink.accept(new RowBatch(did, md5, table, batch, batchCount, batchFirst, names, values, batch == 0 ? header : null));
                    batch++;
                    batchFirst += values.size();
                    values = new ArrayList<>(batchRows);
                }
            }
        }
        if (!values.isEmpty()) {
            sink.accept(new RowBatch(did, md5, table, batch, batchCount, batchFirst, names, values, batch == 0 ? header : null));
            batch++;
        }
        if (batch != batchCount) {
            throw new IllegalStateException("wrote " + batch + " of " + batchCount + " batches");
        }
    }

    private List<Object> row(Object[] block, int index, long rowNumber) {
        List<Object> row = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            Resolved column = columns.get(c);
            if (block[c] == null) {
                row.add(column.constant());
                continue;
            }
            Object value = cell(block[c], index);
            try {
                row.add(Conversions.apply(column.mapping().conversion(), value));
            } catch (IllegalArgumentException e) {
                throw new InvalidTableException("row " + rowNumber + " of " + mapping.source() + ": value '" + value
                        + "' of " + column.sourceColumn() + " cannot fill " + column.definition().name() + ": " + e.getMessage());
            }
        }
        return row;
    }

    /** One cell as a JSON-ready value: numbers boxed, arrays kept as primitive arrays, text without padding. */
    private static Object cell(Object array, int index) {
        Object value = Array.get(array, index);
        if (value instanceof String text) {
            return text.replace("\0", "").stripTrailing();
        }
        return value;
    }

    private static String datatypeOf(Object constant) {
        if (constant instanceof Integer || constant instanceof Long) {
            return "long";
        } else if (constant instanceof Number) {
            return "double";
        } else if (constant instanceof Boolean) {
            return "boolean";
        }
        return constant == null ? null : "char";
    }

    private static int estimatedBytes(ColumnDefinition column) {
        int each = switch (column.datatype()) {
            case "double", "float", "long" -> 22;
            case "int" -> 12;
            case "short", "boolean" -> 7;
            default -> 48;
        };
        int count = column.arraysize() == null ? 1 : Integer.parseInt(column.arraysize().replace("*", "1"));
        return each * Math.max(1, count) + 1;
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
