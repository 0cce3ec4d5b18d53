package org.astroarchive.tap.adql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;

/**
 * ADQL 2.1 §2.4 geometry functions, and the declared UDFs, with how many arguments each takes (geometry with or
 * without the deprecated leading coordinate system string). Only ICRS is supported: the archive's positions are ICRS.
 */
final class Geometry {

    /** Name → accepted argument counts without the coordinate system; -1 marks "pairs, at least 3" (POLYGON). */
    private static final Map<String, Set<Integer>> ARITY = Map.ofEntries(
            Map.entry("POINT", Set.of(2)),
            Map.entry("CIRCLE", Set.of(2, 3)),
            Map.entry("BOX", Set.of(4)),
            Map.entry("POLYGON", Set.of(-1)),
            Map.entry("CONTAINS", Set.of(2)),
            Map.entry("INTERSECTS", Set.of(2)),
            Map.entry("DISTANCE", Set.of(2, 4)),
            Map.entry("AREA", Set.of(1)),
            Map.entry("COORD1", Set.of(1)),
            Map.entry("COORD2", Set.of(1)),
            // the UDFs declared in the capabilities (TAPRegExt features-udf), predicates like CONTAINS
            Map.entry("IVO_NOCASEMATCH", Set.of(2)),
            Map.entry("IVO_HASHLIST_HAS", Set.of(2)));

    /** Functions whose first argument may be a coordinate system string. */
    private static final Set<String> WITH_FRAME = Set.of("POINT", "CIRCLE", "BOX", "POLYGON");

    private Geometry() {
    }

    static boolean isGeometry(String name) {
        return ARITY.containsKey(name.toUpperCase(Locale.ROOT)) || name.equalsIgnoreCase("COORDSYS");
    }

    /** The arguments without a leading coordinate system string. */
    static List<Expression> coordinates(Function function) {
        List<Expression> args = arguments(function);
        boolean framed = WITH_FRAME.contains(function.getName().toUpperCase(Locale.ROOT))
                && !args.isEmpty() && args.get(0) instanceof StringValue;
        return framed ? args.subList(1, args.size()) : args;
    }

    @SuppressWarnings("unchecked")
    static List<Expression> arguments(Function function) {
        return function.getParameters() == null ? List.of() : (List<Expression>) (List<?>) function.getParameters();
    }

    /** @throws AdqlException for a wrong number of arguments or a frame other than ICRS */
    static void check(Function function) throws AdqlException {
        String name = function.getName().toUpperCase(Locale.ROOT);
        if (name.equals("COORDSYS")) {
            return;
        }
        List<Expression> args = arguments(function);
        if (WITH_FRAME.contains(name) && !args.isEmpty() && args.get(0) instanceof StringValue frame) {
            String system = frame.getValue().trim().toUpperCase(Locale.ROOT);
            if (!system.isEmpty() && !system.startsWith("ICRS")) {
                throw new AdqlException("coordinate system '" + frame.getValue() + "' is not supported",
                        "positions here are ICRS: write " + name + "('ICRS', ...) or leave the system out");
            }
        }
        int count = coordinates(function).size();
        Set<Integer> allowed = ARITY.get(name);
        boolean ok = allowed.contains(-1) ? count >= 6 && count % 2 == 0 : allowed.contains(count);
        if (!ok) {
            throw new AdqlException(name + " got " + count + " coordinate arguments", usage(name));
        }
    }

    private static String usage(String name) {
        return switch (name) {
            case "POINT" -> "write POINT('ICRS', ra, dec) in degrees";
            case "CIRCLE" -> "write CIRCLE('ICRS', ra, dec, radius) or CIRCLE(point, radius), in degrees";
            case "BOX" -> "write BOX('ICRS', ra, dec, width, height) in degrees";
            case "POLYGON" -> "write POLYGON('ICRS', ra1, dec1, ra2, dec2, ra3, dec3, ...): at least three vertices";
            case "DISTANCE" -> "write DISTANCE(point1, point2) or DISTANCE(ra1, dec1, ra2, dec2)";
            case "CONTAINS", "INTERSECTS" -> "write 1 = " + name + "(geometry1, geometry2)";
            case "IVO_NOCASEMATCH" -> "write 1 = ivo_nocasematch(value, 'pattern%')";
            case "IVO_HASHLIST_HAS" -> "write 1 = ivo_hashlist_has('a#b#c', value)";
            default -> "write " + name + "(geometry)";
        };
    }
}
