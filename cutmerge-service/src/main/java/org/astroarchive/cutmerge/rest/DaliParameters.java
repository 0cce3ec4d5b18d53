package org.astroarchive.cutmerge.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** DALI 1.1 §3.1: parameter names are case-insensitive and query and form parameters are one request. */
final class DaliParameters {

    private DaliParameters() {
    }

    /** All values by upper-case name, query parameters first. */
    static Map<String, List<String>> of(MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        add(parameters, query);
        add(parameters, form);
        return parameters;
    }

    private static void add(Map<String, List<String>> parameters, MultivaluedMap<String, String> source) {
        if (source != null) {
            source.forEach((name, values) -> parameters
                    .computeIfAbsent(name.toUpperCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        }
    }
}
