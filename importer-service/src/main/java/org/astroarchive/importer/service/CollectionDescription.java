package org.astroarchive.importer.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * A collection's data description model: which file keyword, HDF5 dataset or table column becomes which metadata
 * column, with its type, unit and UCD. Adding a collection is adding a description, not Java code.
 *
 * <p>Bundled as JSON under {@code collections/}. A description has file-level {@code columns} (one row of
 * {@code targetTable} per file, e.g. ObsCore), row-level {@code tables} (many rows per file, e.g. Gaia sources), or
 * both.
 */
public record CollectionDescription(String collection, String description, String format, String targetTable,
                                    List<ColumnMapping> columns, List<TableMapping> tables) {

    public CollectionDescription {
        columns = columns == null ? List.of() : columns;
        tables = tables == null ? List.of() : tables;
    }

    /**
     * One target column. Exactly one of {@code forced} (always this value) or {@code source} (a keyword, taken
     * from the first HDU that has it; or a dataset/column of the table's source) applies; {@code default} is used
     * when the source is absent. Several mappings may name the same column: the first that yields a value wins.
     * The TAP_SCHEMA fields (datatype, unit, ucd, ...) override what the file itself says about the source.
     *
     * @param when       optional condition on another keyword (e.g. CTYPE1 starts with RA)
     * @param conversion optional named conversion of the source value, see {@link Conversions}
     */
    public record ColumnMapping(String column, String source, Object forced, @JsonProperty("default") Object defaultValue,
                                Condition when, String conversion,
                                String datatype, String arraysize, String xtype, String unit, String ucd, String utype,
                                String description, boolean principal, boolean indexed) {

        public ColumnMapping(String column, String source, Object forced, Object defaultValue, Condition when,
                             String conversion) {
            this(column, source, forced, defaultValue, when, conversion, null, null, null, null, null, null, null,
                    false, false);
        }
    }

    /**
     * The mapping applies only if {@code keyword}'s value passes exactly one test: {@code startsWith} (e.g. CTYPE1
     * starts with RA), {@code contains} (ignoring case) or {@code matches} (a Java regular expression found anywhere in
     * the value). {@code keyword} may name a keyword's comment as {@code KEY/comment}: how a unit written only in the
     * comment (FITS 4.0 §4.3.2 puts it in brackets at its start, {@code EXPTIME = 1500 / [ms]}) picks the conversion.
     */
    public record Condition(String keyword, String startsWith, String contains, String matches) {

        public Condition(String keyword, String startsWith) {
            this(keyword, startsWith, null, null);
        }

        boolean holds(Object value) {
            String text = value == null ? "" : value.toString();
            if (startsWith != null) {
                return text.startsWith(startsWith);
            }
            if (contains != null) {
                return text.toLowerCase(Locale.ROOT).contains(contains.toLowerCase(Locale.ROOT));
            }
            return Pattern.compile(matches).matcher(text).find();
        }

        /** What is wrong with this condition, or null. */
        String problem() {
            if (keyword == null || keyword.isBlank()) {
                return "\"when\" needs a \"keyword\"";
            }
            long tests = Stream.of(startsWith, contains, matches).filter(Objects::nonNull).count();
            if (tests != 1) {
                return "\"when\" on " + keyword + " needs exactly one of \"startsWith\", \"contains\" or \"matches\"";
            }
            if (matches != null) {
                try {
                    Pattern.compile(matches);
                } catch (PatternSyntaxException e) {
                    return "\"when\" on " + keyword + ": \"matches\" is not a regular expression: " + e.getDescription();
                }
            }
            return null;
        }
    }

    /**
     * Rows of one table: {@code source} is an HDF5 group of one dataset per column or a compound dataset, or a FITS
     * binary table's EXTNAME. At {@code "level": "file"} the table has one row per file instead: from the attributes
     * of the HDF5 object {@code source} (see {@code Hdf5AttributesSource}) or, in a {@code text} collection, from the
     * file's {@code key = value} lines ({@code source} then only names them, as the rows' {@code key_name}).
     *
     * @param position   ICRS position columns in degrees, indexed for ADQL geometry; may be null
     * @param linkColumn the column identifying a row for DataLink; may be null
     * @param level      {@value #ROWS} (the default when null) or {@value #FILE}
     */
    public record TableMapping(String table, String source, String description, Position position, String linkColumn,
                               List<ColumnMapping> columns, String level) {

        public static final String ROWS = "rows";
        public static final String FILE = "file";

        public TableMapping(String table, String source, String description, Position position, String linkColumn,
                            List<ColumnMapping> columns) {
            this(table, source, description, position, linkColumn, columns, null);
        }

        /** One row per file, described by the source's attributes or key = value pairs. */
        @JsonIgnore
        public boolean fileLevel() {
            return FILE.equals(level);
        }
    }

    public record Position(String ra, String dec) {
    }
}
