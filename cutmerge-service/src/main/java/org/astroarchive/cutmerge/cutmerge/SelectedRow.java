package org.astroarchive.cutmerge.cutmerge;

import org.astroarchive.cutmerge.repository.CatalogueRow;
import org.astroarchive.contracts.catalogue.RowTable;

/**
 * One row of a Cut &amp; Merge: its ID, its table and catalogue entry, whether the transit correction added it,
 * and, once placed, its row in the output group.
 */
record SelectedRow(RowId id, RowTable table, CatalogueRow row, boolean corrected) {

    /** The output group: the HDF5 group the row was read from. */
    String group() {
        return row.keyName().startsWith("/") ? row.keyName() : "/" + row.keyName();
    }
}
