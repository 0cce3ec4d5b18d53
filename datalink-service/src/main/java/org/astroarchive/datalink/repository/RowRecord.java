package org.astroarchive.datalink.repository;

import java.util.Map;

/**
 * What a links request needs of one catalogue row: the DID of the file it was extracted from (the file reference
 * columns every row table starts with) and the values of the columns asked for.
 */
public record RowRecord(String didScope, String didName, String didRse, String fileName, Map<String, Object> values) {

    public String did() {
        return didScope + ":" + didName;
    }
}
