package org.astroarchive.tap.adql;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The ADQL 2.1 functions accepted (§2.3), with their PostgreSQL names where they differ. */
final class AdqlFunctions {

    /** ADQL name (upper case) → PostgreSQL name. */
    private static final Map<String, String> RENAMED = Map.of(
            "LOG", "ln",         // ADQL LOG is the natural logarithm; PostgreSQL's log is base 10
            "LOG10", "log",
            "TRUNCATE", "trunc",
            "RAND", "random",
            "CEILING", "ceil");

    private static final Set<String> SAME_NAME = Set.of(
            "ABS", "DEGREES", "EXP", "FLOOR", "MOD", "PI", "POWER", "RADIANS", "SQRT", "ROUND",
            "ACOS", "ASIN", "ATAN", "ATAN2", "COS", "COT", "SIN", "TAN",
            "COUNT", "MIN", "MAX", "SUM", "AVG",
            "LOWER", "UPPER", "COALESCE");

    private AdqlFunctions() {
    }

    static boolean isKnown(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SAME_NAME.contains(upper) || RENAMED.containsKey(upper);
    }

    static String postgresName(String name) {
        return RENAMED.getOrDefault(name.toUpperCase(Locale.ROOT), name);
    }

    static String known() {
        return String.join(", ", new java.util.TreeSet<>(java.util.stream.Stream.concat(SAME_NAME.stream(),
                RENAMED.keySet().stream()).toList()));
    }
}
