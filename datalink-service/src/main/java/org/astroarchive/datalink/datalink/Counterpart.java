package org.astroarchive.datalink.datalink;

import java.util.List;

/**
 * A {@code #counterpart} relation between two row tables: rows of {@code table} whose {@code column} equals a
 * {@code targetColumn} value of {@code targetTable}.
 *
 * @param many        true when a row has many counterparts: the link is a TAP query returning them as a VOTable
 *                    (each carrying its own {@code access_url}, so the DataLink workflow repeats on them); false when
 *                    it has one: the link is that row's DataLink document
 * @param description the link's description
 */
public record Counterpart(String table, String column, String targetTable, String targetColumn, boolean many,
                          String description) {

    /** The Gaia relations of the Spoke 3 reference behaviour (ARCHITECTURE.md): a source and its transits. */
    public static final List<Counterpart> GAIA = List.of(
            new Counterpart("gaia.completesource", "source_id", "gaia.astroelementary", "source_id", true,
                    "Link to Astroelementary entries"),
            new Counterpart("gaia.astroelementary", "source_id", "gaia.completesource", "source_id", false,
                    "Link to the CompleteSource entry of this transit"));

    /** The relations starting at {@code table}. */
    public static List<Counterpart> of(String table) {
        return GAIA.stream().filter(c -> c.table().equals(table)).toList();
    }
}
