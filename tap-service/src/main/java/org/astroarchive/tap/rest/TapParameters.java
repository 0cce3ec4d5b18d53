package org.astroarchive.tap.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** DALI 1.1 §3: parameter names are case-insensitive; values are not. The first value of a name wins. */
final class TapParameters {

    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @SafeVarargs
    static TapParameters of(MultivaluedMap<String, String>... sources) {
        TapParameters parameters = new TapParameters();
        for (MultivaluedMap<String, String> source : sources) {
            source.forEach((name, list) -> {
                if (!list.isEmpty()) {
                    parameters.values.putIfAbsent(name, list.get(0));
                }
            });
        }
        return parameters;
    }

    String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** All parameters, names in upper case (as UWS lists them). */
    Map<String, String> asMap() {
        Map<String, String> upper = new TreeMap<>();
        values.forEach((name, value) -> upper.put(name.toUpperCase(Locale.ROOT), value));
        return upper;
    }
}
