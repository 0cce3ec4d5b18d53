package org.astroarchive.importer.service;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Named value conversions a collection description may apply to a source value. */
final class Conversions {

    /** MJD 0 is 1858-11-17T00:00:00 UTC. */
    private static final double MJD_EPOCH_UNIX_DAYS = -40587.0;

    private Conversions() {
    }

    static Object apply(String conversion, Object value) {
        if (conversion == null || value == null) {
            return value;
        }
        return switch (conversion) {
            case "isot-to-mjd" -> isotToMjd(value.toString());
            case "deg-to-rad" -> Math.toRadians(((Number) value).doubleValue());
            case "rad-to-deg" -> Math.toDegrees(((Number) value).doubleValue());
            default -> throw new IllegalArgumentException("unknown conversion '" + conversion
                    + "': known are isot-to-mjd, deg-to-rad, rad-to-deg");
        };
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
