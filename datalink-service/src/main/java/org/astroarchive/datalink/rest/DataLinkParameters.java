package org.astroarchive.datalink.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters of a links request. DALI 1.1 §3: names are case-insensitive, values are not; DataLink 1.1 §3.2:
 * ID may be repeated. Blank ID values are ignored and surrounding white space is dropped; a repeated ID is answered
 * once, in the order first given. {@code clientId} names whose selections a selection ID is looked up in.
 */
record DataLinkParameters(List<String> ids, String responseFormat, String clientId) {

    @SafeVarargs
    static DataLinkParameters of(MultivaluedMap<String, String>... sources) {
        Set<String> ids = new LinkedHashSet<>();
        String format = null;
        String clientId = null;
        for (MultivaluedMap<String, String> source : sources) {
            for (var entry : source.entrySet()) {
                if (entry.getKey().equalsIgnoreCase("ID")) {
                    entry.getValue().stream().filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(ids::add);
                } else if (entry.getKey().equalsIgnoreCase("RESPONSEFORMAT") && format == null) {
                    format = entry.getValue().stream().filter(v -> v != null && !v.isBlank()).findFirst()
                            .map(String::strip).orElse(null);
                } else if (entry.getKey().equalsIgnoreCase("clientId") && clientId == null) {
                    clientId = entry.getValue().stream().filter(v -> v != null && !v.isBlank()).findFirst()
                            .map(String::strip).orElse(null);
                }
            }
        }
        return new DataLinkParameters(new ArrayList<>(ids), format, clientId);
    }
}
