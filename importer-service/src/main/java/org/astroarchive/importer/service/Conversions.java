package org.astroarchive.importer.service;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Named value conversions a collection description may apply to a source value. */
public final class Conversions {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    /** MJD 0 is 1858-11-17T00:00:00 UTC. */
    private static final double MJD_EPOCH_UNIX_DAYS = -40587.0;
    /** Gaia: days since JD 2455197.5 = 2010-01-01T00:00:00 (TCB; the ~66-87 s to UTC are ignored). */
    private static final long GAIA_EPOCH_UNIX_SECONDS = LocalDateTime.parse("2010-01-01T00:00:00").toEpochSecond(ZoneOffset.UTC);
    /** Fermi Mission Elapsed Time: seconds since 2001-01-01T00:00:00 UTC (leap seconds since then are ignored). */
    private static final long FERMI_EPOCH_UNIX_SECONDS = LocalDateTime.parse("2001-01-01T00:00:00").toEpochSecond(ZoneOffset.UTC);

    private Conversions() {
    }

    /** The conversions by name: adding one here is all it takes for descriptions to use it. */
    private static final Map<String, UnaryOperator<Object>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("isot-to-mjd", value -> isotToMjd(value.toString()));
        BY_NAME.put("deg-to-rad", value -> Math.toRadians(number(value)));
        BY_NAME.put("rad-to-deg", value -> Math.toDegrees(number(value)));
        BY_NAME.put("mjd-to-timestamp", value -> timestamp((number(value) + MJD_EPOCH_UNIX_DAYS) * 86400.0));
        BY_NAME.put("tcb-days-2010-to-timestamp", value -> timestamp(GAIA_EPOCH_UNIX_SECONDS + number(value) * 86400.0));
        BY_NAME.put("fermi-met-to-timestamp", value -> timestamp(FERMI_EPOCH_UNIX_SECONDS + number(value)));
        BY_NAME.put("bits-to-integer", Conversions::bitsToInteger);
        // units a file states its own way (often only in a keyword's comment), to the column's unit
        BY_NAME.put("ms-to-s", value -> number(value) / 1000.0);
        BY_NAME.put("min-to-s", value -> number(value) * 60.0);
        BY_NAME.put("h-to-s", value -> number(value) * 3600.0);
        BY_NAME.put("arcsec-to-deg", value -> number(value) / 3600.0);
        BY_NAME.put("arcmin-to-deg", value -> number(value) / 60.0);
        // cosmological expansion factor a = 1 / (1 + z)
        BY_NAME.put("aexp-to-redshift", value -> 1.0 / number(value) - 1.0);
    }

    /** Names of the known conversions. */
    public static final Set<String> KNOWN = Collections.unmodifiableSet(BY_NAME.keySet());

    /** @throws IllegalArgumentException for an unknown conversion or a value it cannot take */
    public static Object apply(String conversion, Object value) {
        if (conversion == null || value == null) {
            return value;
        }
        check(conversion);
        return BY_NAME.get(conversion).apply(value);
    }

    /** Fails early, when a description is loaded, rather than on the first file. */
    public static void check(String conversion) {
        if (conversion != null && !BY_NAME.containsKey(conversion)) {
            throw new IllegalArgumentException("unknown conversion '" + conversion + "': known are " + KNOWN);
        }
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number", e);
        }
    }

    /** ISO 8601 without zone, UTC, millisecond precision: the form PostgreSQL's timestamp and DALI 1.1 §3.3.3 take. */
    private static String timestamp(double unixSeconds) {
        if (!Double.isFinite(unixSeconds)) {
            return null;
        }
        long millis = Math.round(unixSeconds * 1000.0);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
                ZoneOffset.UTC).format(ISO_MILLIS);
    }

    /**
     * A FITS bit array (TFORM nX, e.g. Fermi's EVENT_CLASS 32X) read as booleans to the integer it encodes: FITS 4.0
     * §7.3.3.1 stores the first bit in the most significant position, as CFITSIO reads it into an integer.
     */
    private static long bitsToInteger(Object value) {
        if (value instanceof Boolean bit) {
            return bit ? 1 : 0;
        }
        if (!(value instanceof boolean[] bits) || bits.length > 63) {
            throw new IllegalArgumentException("'" + value + "' is not an array of at most 63 bits");
        }
        long number = 0;
        for (boolean bit : bits) {
            number = number << 1 | (bit ? 1 : 0);
        }
        return number;
    }

    /** FITS DATE-OBS (ISO 8601, UTC assumed; date only allowed) to Modified Julian Date. */
    static double isotToMjd(String isot) {
        String text = isot.trim();
        try {
            LocalDateTime time = text.length() == 10 ? LocalDateTime.parse(text + "T00:00:00") : LocalDateTime.parse(text);
            double unixSeconds = time.toEpochSecond(ZoneOffset.UTC) + time.getNano() / 1e9;
            return unixSeconds / 86400.0 - MJD_EPOCH_UNIX_DAYS;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + isot + "' is not an ISO 8601 date-time (yyyy-mm-ddThh:mm:ss)", e);
        }
    }
}
