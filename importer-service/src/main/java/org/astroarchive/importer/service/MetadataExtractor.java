package org.astroarchive.importer.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies a {@link CollectionDescription} to the keyword maps of a file's HDUs. */
final class MetadataExtractor {

    private MetadataExtractor() {
    }

    /** @throws IllegalArgumentException if a value cannot be converted; the message names the keyword */
    static Map<String, Object> extract(CollectionDescription description, List<Map<String, Object>> hdus) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (CollectionDescription.ColumnMapping mapping : description.columns()) {
            if (metadata.containsKey(mapping.column())) {
                continue;
            }
            Object value = mapping.forced();
            if (value == null && mapping.source() != null) {
                value = sourceValue(mapping, hdus);
            }
            if (value == null) {
                value = mapping.defaultValue();
            }
            if (value != null) {
                metadata.put(mapping.column(), value);
            }
        }
        return metadata;
    }

    private static Object sourceValue(CollectionDescription.ColumnMapping mapping, List<Map<String, Object>> hdus) {
        for (Map<String, Object> hdu : hdus) {
            Object raw = hdu.get(mapping.source());
            if (raw == null || !conditionHolds(mapping.when(), hdu)) {
                continue;
            }
            try {
                return Conversions.apply(mapping.conversion(), raw);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException("keyword " + mapping.source() + " = '" + raw + "' cannot fill column "
                        + mapping.column() + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    private static boolean conditionHolds(CollectionDescription.Condition when, Map<String, Object> hdu) {
        return when == null || when.holds(hdu.get(when.keyword()));
    }
}
