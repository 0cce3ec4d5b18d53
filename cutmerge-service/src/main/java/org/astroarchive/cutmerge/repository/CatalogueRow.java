package org.astroarchive.cutmerge.repository;

import java.util.Map;

/**
 * Where one catalogue row came from: its file (the DID columns every row table starts with), the HDF5 group it
 * was read from ({@code key_name}) and the values of the extra columns asked for.
 *
 * @param key the value of the table's link column (Long or String)
 */
public record CatalogueRow(Object key, String didScope, String didName, String didRse, String keyName,
                           Map<String, Object> values) {

    public String did() {
        return didScope + ":" + didName;
    }
}
