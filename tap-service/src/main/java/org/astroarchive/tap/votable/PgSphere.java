package org.astroarchive.tap.votable;

import java.util.regex.Pattern;

/** pgSphere's text output (radians, its default) to DALI geometry values (degrees). */
final class PgSphere {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** pgSphere types (as PostgreSQL names them) and the DALI xtype of their values. */
    static final java.util.Map<String, String> GEOMETRIES = java.util.Map.of("spoint", "point", "scircle", "circle",
            "spoly", "polygon");

    private PgSphere() {
    }

    /** {@code (lon , lat)} or {@code <(lon , lat) , radius>} in radians → its numbers in degrees. */
    static double[] degrees(String value) {
        return NUMBER.matcher(value).results().mapToDouble(m -> Math.toDegrees(Double.parseDouble(m.group()))).toArray();
    }

    /** {@code {(lon1 , lat1),(lon2 , lat2),...}} in radians → {@code [lon1, lat1, lon2, lat2, ...]} in degrees. */
    static double[] polygonDegrees(String spoly) {
        double[] values = degrees(spoly);
        if (values.length % 2 != 0) {
            throw new IllegalArgumentException("not a pgSphere polygon: " + spoly);
        }
        return values;
    }
}
