package org.astroarchive.tap.service;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.tap.adql.AdqlException;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.votable.ResultFormat;

/**
 * The TAP 1.1 §2.3 query parameters of a sync request or an async job, checked; plus {@code clientId}, whom the
 * result's DataLink selections are given to (the portal passes its session's; otherwise each result is a client).
 */
public record TapRequest(String query, long maxrec, ResultFormat format, UUID clientId) {

    /** @param parameters by name, compared case-insensitively (DALI 1.1 §3) */
    public static TapRequest parse(Map<String, String> parameters, TapConfig config) throws AdqlException {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                p.putIfAbsent(name, value.trim());
            }
        });
        String request = p.get("REQUEST");
        if (request != null && !request.equalsIgnoreCase("doQuery")) {
            throw new AdqlException("REQUEST=" + request + " is not supported", "use REQUEST=doQuery, or leave it out");
        }
        String lang = p.get("LANG");
        if (lang == null) {
            throw new AdqlException("the LANG parameter is missing", "add LANG=ADQL (TAP 1.1 section 2.3.1)");
        }
        String upperLang = lang.toUpperCase(Locale.ROOT);
        if (!upperLang.equals("ADQL") && !upperLang.startsWith("ADQL-2.")) {
            throw new AdqlException("query language " + lang + " is not supported", "use LANG=ADQL");
        }
        String query = p.get("QUERY");
        if (query != null && query.length() > config.maxQueryLength()) {
            throw new org.astroarchive.tap.adql.QueryTooLongException(query.length(), config.maxQueryLength());
        }
        String format = p.containsKey("RESPONSEFORMAT") ? p.get("RESPONSEFORMAT") : p.get("FORMAT");
        return new TapRequest(query, maxrec(p.get("MAXREC"), config), format(format), clientId(p.get("CLIENTID")));
    }

    private static UUID clientId(String value) throws AdqlException {
        if (value == null) {
            return UUID.randomUUID();
        }
        return Selections.uuid(value).orElseThrow(() -> new AdqlException("clientId=" + value + " is not a UUID",
                "leave clientId out, or give the UUID your client uses for its DataLink selections"));
    }

    /** TAP 1.1 §2.7.1: RESPONSEFORMAT (FORMAT is its TAP 1.0 name); BINARY2 VOTable unless another is asked for. */
    private static ResultFormat format(String format) throws AdqlException {
        return ResultFormat.parse(format).orElseThrow(() -> new AdqlException("output format '" + format + "' is not supported",
                "use one of " + ResultFormat.aliases() + " (or their media types)"));
    }

    private static long maxrec(String value, TapConfig config) throws AdqlException {
        if (value == null) {
            return config.maxrecDefault();
        }
        try {
            // ASCII digits only: Long.parseLong also reads other scripts' digits (found by suites/BadInputIT: MAXREC=١)
            if (!value.matches("[0-9]+")) {
                throw new NumberFormatException();
            }
            long maxrec = Long.parseLong(value);
            if (maxrec < 0) {
                throw new NumberFormatException();
            }
            return Math.min(maxrec, config.maxrecLimit());
        } catch (NumberFormatException e) {
            throw new AdqlException("MAXREC=" + value + " is not a non-negative integer", "give MAXREC as a whole number, e.g. MAXREC=1000");
        }
    }
}
