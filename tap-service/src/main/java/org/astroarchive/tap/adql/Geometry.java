package org.astroarchive.tap.adql;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
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
            Map.entry("IVO_HASHLIST_HAS", Set.of(2)),
            // UDF catalogue: (order, ra, dec) or (order, point), and (order, index); SQL functions of migration V8
            Map.entry("IVO_HEALPIX_INDEX", Set.of(2, 3)),
            Map.entry("IVO_HEALPIX_CENTER", Set.of(2)));

    private static final BigInteger MAX_ORDER = BigInteger.valueOf(29);

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
        if (name.startsWith("IVO_HEALPIX_")) {
            checkOrder(name, args.get(0));
        }
        // no published column holds a point (positions are ra, dec pairs): the two-argument form needs POINT(...)
        if (name.equals("IVO_HEALPIX_INDEX") && count == 2 && !(args.get(1) instanceof Function)) {
            throw new AdqlException("ivo_healpix_index(order, p) takes a POINT as p, not " + args.get(1), usage(name));
        }
    }

    /**
     * A literal HEALPix order must lie in 0..29 (the UDF catalogue's range: NESTED indexes of order 29 fill a BIGINT).
     * Orders computed in the query are checked by the SQL function, which raises an error the service answers with 400.
     */
    private static void checkOrder(String name, Expression order) throws AdqlException {
        Expression literal = order instanceof SignedExpression signed ? signed.getExpression() : order;
        boolean outside = false;
        if (literal instanceof LongValue value) {
            BigInteger number = order instanceof SignedExpression signed && signed.getSign() == '-'
                    ? value.getBigIntegerValue().negate() : value.getBigIntegerValue();
            outside = number.signum() < 0 || number.compareTo(MAX_ORDER) > 0;
        }
        if (literal instanceof DoubleValue || outside) {
            throw new AdqlException(name.toLowerCase(Locale.ROOT) + ": HEALPix order " + order + " is not an integer from 0 to 29",
                    "the order sets the cell size, from 0 (12 cells about 59 degrees wide) to 29 (0.4 mas); " + usage(name));
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
            case "IVO_HEALPIX_INDEX" -> "write ivo_healpix_index(12, ra, dec) or ivo_healpix_index(12, POINT(ra, dec)), in degrees";
            case "IVO_HEALPIX_CENTER" -> "write ivo_healpix_center(12, index)";
            default -> "write " + name + "(geometry)";
        };
    }
}
