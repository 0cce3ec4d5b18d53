package org.astroarchive.importer.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A collection's data description model: which file keyword becomes which metadata column. Adding a collection is
 * adding a description, not Java code.
 *
 * <p>Walking-skeleton form, bundled as JSON under {@code collections/}; it grows into versioned mapping tables in
 * PostgreSQL with units, UCDs and an editing API.
 */
public record CollectionDescription(String collection, String description, String format, String targetTable,
                                    List<ColumnMapping> columns) {

    /**
     * One target column. Exactly one of {@code forced} (always this value) or {@code source} (a keyword, taken
     * from the first HDU that has it) applies; {@code default} is used when the source is absent. Several
     * mappings may name the same column: the first that yields a value wins.
     *
     * @param when       optional condition on another keyword (e.g. CTYPE1 starts with RA)
     * @param conversion optional named conversion of the source value, see {@link Conversions}
     */
    public record ColumnMapping(String column, String source, Object forced, @JsonProperty("default") Object defaultValue,
                                Condition when, String conversion) {
    }

    /** The mapping applies only if {@code keyword}'s value starts with {@code startsWith}. */
    public record Condition(String keyword, String startsWith) {
    }
}
