package org.astroarchive.tap.adql;

import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

/**
 * Writes ADQL geometry as pgSphere SQL: degrees become radians, {@code 1 = CONTAINS(a, b)} becomes {@code a @ b}
 * and {@code 1 = INTERSECTS(a, b)} becomes {@code a && b}, so that PostgreSQL can use the GiST indexes on positions
 * (e.g. {@code spoint(radians(s_ra), radians(s_dec))}). Arguments were checked by {@link Geometry#check}.
 */
final class PgSphereDeParser extends ExpressionDeParser {

    /** IN_UNIT calls → the factor the translator found for them. */
    private final java.util.Map<Function, Double> unitFactors;

    PgSphereDeParser(java.util.Map<Function, Double> unitFactors) {
        this.unitFactors = unitFactors;
    }

    private static final java.util.Set<String> PREDICATES = java.util.Set.of("CONTAINS", "INTERSECTS", "IVO_NOCASEMATCH", "IVO_HASHLIST_HAS");

    @Override
    public <S> StringBuilder visit(EqualsTo equalsTo, S context) {
        Function predicate = predicate(equalsTo.getLeftExpression(), equalsTo.getRightExpression());
        Expression other = predicate == equalsTo.getLeftExpression() ? equalsTo.getRightExpression() : equalsTo.getLeftExpression();
        // getBigIntegerValue: a literal beyond long (found by suites/BadInputIT) made getValue() throw, a 500
        if (predicate != null && other instanceof LongValue value && value.getBigIntegerValue().abs().compareTo(java.math.BigInteger.ONE) <= 0
                && value.getBigIntegerValue().signum() >= 0) {
            if (value.getBigIntegerValue().signum() == 0) {
                getBuilder().append("NOT ");
            }
            writePredicate(predicate, context);
            return getBuilder();
        }
        return super.visit(equalsTo, context);
    }

    /** ADQL 2.1 §2.3 hexadecimal literals ({@code 0xFF}), which PostgreSQL 15 does not read: written in decimal. */
    @Override
    public <S> StringBuilder visit(HexValue hex, S context) {
        return getBuilder().append(new java.math.BigInteger(hex.getDigits(), 16));
    }

    @Override
    public <S> StringBuilder visit(Function function, S context) {
        String name = function.getName().toUpperCase(Locale.ROOT);
        Double factor = unitFactors.get(function);
        if (factor != null) {
            getBuilder().append("((");
            Geometry.arguments(function).get(0).accept(this, context);
            getBuilder().append(") * ").append(factor).append(')');
            return getBuilder();
        }
        if (!Geometry.isGeometry(name)) {
            return super.visit(function, context);
        }
        List<Expression> args = Geometry.coordinates(function);
        StringBuilder sql = getBuilder();
        switch (name) {
            case "POINT" -> point(args.get(0), args.get(1), context);
            case "CIRCLE" -> {
                sql.append("scircle(");
                if (args.size() == 3) {
                    point(args.get(0), args.get(1), context);
                } else {
                    args.get(0).accept(this, context);
                }
                sql.append(", radians(");
                args.get(args.size() - 1).accept(this, context);
                sql.append("))");
            }
            case "BOX" -> {
                // ADQL 2.1 deprecates BOX; its edges are taken as an RA/Dec-aligned sbox around the centre
                sql.append("sbox(spoint(radians((");
                args.get(0).accept(this, context);
                sql.append(") - (");
                args.get(2).accept(this, context);
                sql.append(") / 2.0), radians((");
                args.get(1).accept(this, context);
                sql.append(") - (");
                args.get(3).accept(this, context);
                sql.append(") / 2.0)), spoint(radians((");
                args.get(0).accept(this, context);
                sql.append(") + (");
                args.get(2).accept(this, context);
                sql.append(") / 2.0), radians((");
                args.get(1).accept(this, context);
                sql.append(") + (");
                args.get(3).accept(this, context);
                sql.append(") / 2.0)))");
            }
            case "POLYGON" -> {
                // pgSphere's spoly aggregate builds a polygon from its vertices in order
                sql.append("(SELECT spoly(v.p ORDER BY v.i) FROM (VALUES ");
                for (int i = 0; i < args.size(); i += 2) {
                    sql.append(i > 0 ? ", " : "").append('(').append(i).append(", ");
                    point(args.get(i), args.get(i + 1), context);
                    sql.append(')');
                }
                sql.append(") AS v(i, p))");
            }
            case "CONTAINS", "INTERSECTS", "IVO_NOCASEMATCH", "IVO_HASHLIST_HAS" -> {
                sql.append("(CASE WHEN ");
                writePredicate(function, context);
                sql.append(" THEN 1 ELSE 0 END)");
            }
            case "DISTANCE" -> {
                sql.append("degrees(");
                if (args.size() == 4) {
                    point(args.get(0), args.get(1), context);
                    sql.append(" <-> ");
                    point(args.get(2), args.get(3), context);
                } else {
                    args.get(0).accept(this, context);
                    sql.append(" <-> ");
                    args.get(1).accept(this, context);
                }
                sql.append(')');
            }
            case "AREA" -> {
                // pgSphere gives steradians; ADQL wants square degrees
                sql.append("(area(");
                args.get(0).accept(this, context);
                sql.append(") * (180.0 / pi()) ^ 2)");
            }
            case "COORD1", "COORD2" -> {
                sql.append(name.equals("COORD1") ? "degrees(long(" : "degrees(lat(");
                args.get(0).accept(this, context);
                sql.append("))");
            }
            case "IVO_HEALPIX_INDEX" -> {
                // UDF catalogue: (order, ra, dec) or (order, point); ivo.healpix_nest (migration V8) takes degrees
                if (args.size() == 3) {
                    call("ivo.healpix_nest", args, context);
                } else if (args.get(1) instanceof Function point && point.getName().equalsIgnoreCase("POINT")) {
                    // a literal POINT: its own coordinates, without a trip through radians
                    List<Expression> position = Geometry.coordinates(point);
                    call("ivo.healpix_nest", List.of(args.get(0), position.get(0), position.get(1)), context);
                } else {
                    sql.append("ivo.healpix_nest(");
                    args.get(0).accept(this, context);
                    sql.append(", degrees(long(");
                    args.get(1).accept(this, context);
                    sql.append(")), degrees(lat(");
                    args.get(1).accept(this, context);
                    sql.append(")))");
                }
            }
            case "IVO_HEALPIX_CENTER" -> call("ivo.healpix_center", args, context);
            default -> sql.append("'ICRS'"); // COORDSYS
        }
        return sql;
    }

    /** The predicate functions (ADQL returns 1 or 0) as SQL conditions. */
    private <S> void writePredicate(Function predicate, S context) {
        List<Expression> args = Geometry.coordinates(predicate);
        StringBuilder sql = getBuilder().append('(');
        switch (predicate.getName().toUpperCase(Locale.ROOT)) {
            case "IVO_HASHLIST_HAS" -> {
                // DALI/RegTAP: a '#'-separated list, compared ignoring case
                sql.append("lower(");
                args.get(1).accept(this, context);
                sql.append(") = ANY (string_to_array(lower(");
                args.get(0).accept(this, context);
                sql.append("), '#'))");
            }
            default -> {
                args.get(0).accept(this, context);
                sql.append(switch (predicate.getName().toUpperCase(Locale.ROOT)) {
                    case "CONTAINS" -> " @ ";
                    case "INTERSECTS" -> " && ";
                    default -> " ILIKE "; // IVO_NOCASEMATCH
                });
                args.get(1).accept(this, context);
            }
        }
        sql.append(')');
    }

    /** {@code name(arg1, arg2, ...)} */
    private <S> void call(String name, List<Expression> args, S context) {
        StringBuilder sql = getBuilder().append(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            sql.append(i > 0 ? ", " : "");
            args.get(i).accept(this, context);
        }
        sql.append(')');
    }

    private <S> void point(Expression ra, Expression dec, S context) {
        StringBuilder sql = getBuilder().append("spoint(radians(");
        ra.accept(this, context);
        sql.append("), radians(");
        dec.accept(this, context);
        sql.append("))");
    }

    private static Function predicate(Expression left, Expression right) {
        for (Expression side : new Expression[] {left, right}) {
            if (side instanceof Function function && PREDICATES.contains(function.getName().toUpperCase(Locale.ROOT))) {
                return function;
            }
        }
        return null;
    }
}
