package org.astroarchive.tap.adql;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;
import org.astroarchive.tap.schema.PublishedTable;
import org.astroarchive.tap.schema.TapSchema;
import org.astroarchive.tap.upload.UploadedTable;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * ADQL → PostgreSQL. JSqlParser parses (it accepts any SQL), then a whitelist over its syntax tree admits only
 * ADQL: one SELECT, published tables only, ADQL functions only. TOP becomes LIMIT, and the row limit is set to
 * MAXREC + 1 so the writer can tell an overflow from an exact fit.
 */
@ApplicationScoped
public class AdqlTranslator {

    private final TapSchema schema;

    public AdqlTranslator(TapSchema schema) {
        this.schema = schema;
    }

    /**
     * A query ready to run: the SQL, the published tables it reads, and the groups of the caller it was checked for
     * (the transaction states them, so TAP_SCHEMA reads leave out what the caller may not see).
     */
    public record Translation(String sql, List<PublishedTable> tables, Set<String> callerGroups) {
    }

    /**
     * What a caller may read: the schemas hidden from it (lower case: private collections of groups it is not in,
     * issue 6) and its groups.
     */
    public record Rights(Set<String> hiddenSchemas, Set<String> groups) {
        boolean hides(PublishedTable table) {
            return hiddenSchemas.contains(table.schemaName().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Translates {@code adql} (at most {@code maxrec} rows), with tables uploaded with the query readable as
     * {@code TAP_UPLOAD.<name>}, for a caller with {@code rights}: tables of hidden schemas do not exist for it, and
     * TAP_SCHEMA is read through the {@code tap_schema_visible} views (migration V7), which leave them out.
     */
    public Translation translate(String adql, long maxrec, List<UploadedTable> uploads, Rights rights) throws AdqlException {
        if (adql == null || adql.isBlank()) {
            throw new AdqlException("the QUERY parameter is empty", "send an ADQL query such as SELECT TOP 10 * FROM ivoa.obscore");
        }
        Select select = parseSelect(adql);
        FunctionsAndTables found = new FunctionsAndTables();
        Set<String> tableNames = found.getTables((Statement) select);
        Map<String, PublishedTable> published = new java.util.LinkedHashMap<>(schema.tables());
        published.values().removeIf(rights::hides);
        Map<String, UploadedTable> uploaded = new java.util.HashMap<>();
        for (UploadedTable upload : uploads) {
            String key = "tap_upload." + upload.name().toLowerCase(Locale.ROOT);
            published.put(key, upload.asPublished());
            uploaded.put(key, upload);
        }
        List<PublishedTable> tables = new ArrayList<>();
        for (String name : tableNames) {
            PublishedTable table = published.get(name.replace("\"", "").toLowerCase(Locale.ROOT));
            if (table == null) {
                throw new AdqlException("table '" + name + "' does not exist or is not published",
                        "published tables are: " + String.join(", ", published.keySet()));
            }
            tables.add(table);
        }
        java.util.IdentityHashMap<Function, Double> unitFactors = new java.util.IdentityHashMap<>();
        for (Function function : found.functions) {
            if (function.getName().equalsIgnoreCase("IN_UNIT")) {
                unitFactors.put(function, unitFactor(function, tables));
                continue;
            }
            if (Geometry.isGeometry(function.getName())) {
                Geometry.check(function);
                continue;
            }
            if (!AdqlFunctions.isKnown(function.getName())) {
                throw new AdqlException("function '" + function.getName() + "' is not an ADQL function of this service",
                        "the functions available are " + AdqlFunctions.known()
                                + ", and the geometry functions POINT, CIRCLE, BOX, POLYGON, CONTAINS, INTERSECTS, DISTANCE, AREA, COORD1, COORD2, COORDSYS");
            }
            function.setName(AdqlFunctions.postgresName(function.getName()));
        }
        // TAP 1.1 §2.5: TAP_UPLOAD.<name> is the temporary table holding the upload
        for (Table table : found.tableNodes) {
            UploadedTable upload = uploaded.get(qualified(table));
            if (upload != null) {
                table.setSchemaName("pg_temp");
                table.setName("tap_upload_" + upload.name().toLowerCase(Locale.ROOT));
            } else if (table.getSchemaName() != null && table.getSchemaName().replace("\"", "").equalsIgnoreCase("TAP_SCHEMA")) {
                table.setSchemaName("tap_schema_visible");
            }
        }
        applyLimit(select, maxrec);
        return new Translation(postgres(select, unitFactors), List.copyOf(tables), rights.groups());
    }

    /** The SQL text, with geometry written for pgSphere. */
    private static String postgres(Select select, Map<Function, Double> unitFactors) {
        StringBuilder sql = new StringBuilder();
        PgSphereDeParser expressions = new PgSphereDeParser(unitFactors);
        SelectDeParser selects = new SelectDeParser(expressions, sql);
        expressions.setSelectVisitor(selects);
        expressions.setBuilder(sql);
        select.accept((net.sf.jsqlparser.statement.StatementVisitor<StringBuilder>) new StatementDeParser(expressions, selects, sql), null);
        return sql.toString();
    }

    private static Select parseSelect(String adql) throws AdqlException {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(adql);
        } catch (JSQLParserException e) {
            throw syntaxError(e);
        }
        if (statements == null || statements.size() != 1) {
            throw new AdqlException("a query must be exactly one SELECT statement", "remove the ';' and anything after it");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            throw new AdqlException("only SELECT queries are allowed; this is a " + statement.getClass().getSimpleName(),
                    "ADQL is a query language: write SELECT ... FROM ...");
        }
        if (select instanceof PlainSelect plain && (plain.getIntoTables() != null || plain.getIntoTempTable() != null)) {
            throw new AdqlException("SELECT ... INTO is not ADQL", "remove the INTO clause");
        }
        return select;
    }

    /** TOP n → LIMIT n; the outermost limit becomes min(TOP, MAXREC + 1). */
    private static void applyLimit(Select select, long maxrec) {
        long limit = maxrec + 1;
        if (select instanceof PlainSelect plain && plain.getTop() != null) {
            if (plain.getTop().getExpression() instanceof LongValue top) {
                limit = Math.min(limit, top.getValue());
            }
            plain.setTop(null);
        }
        if (select.getLimit() != null && select.getLimit().getRowCount() instanceof LongValue existing) {
            limit = Math.min(limit, existing.getValue());
        }
        select.setLimit(new Limit().withRowCount(new LongValue(limit)));
    }

    private static AdqlException syntaxError(JSQLParserException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ParseException parse && parse.currentToken != null) {
            Token next = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
            return new AdqlException("syntax error near '" + next.image + "'", next.beginLine, next.beginColumn,
                    "check the ADQL grammar around this position: quote unusual identifiers with double quotes, "
                            + "strings with single quotes");
        }
        String message = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("syntax error");
        return new AdqlException(message, "check the ADQL syntax");
    }

    /** ADQL 2.1 IN_UNIT(column, 'unit'): the factor from the column's unit in TAP_SCHEMA to the one asked for. */
    private static double unitFactor(Function function, List<PublishedTable> tables) throws AdqlException {
        List<net.sf.jsqlparser.expression.Expression> args = Geometry.arguments(function);
        if (args.size() != 2 || !(args.get(1) instanceof net.sf.jsqlparser.expression.StringValue target)) {
            throw new AdqlException("IN_UNIT takes a column and a unit string", "write IN_UNIT(s_ra, 'rad')");
        }
        if (!(args.get(0) instanceof Column column)) {
            throw new AdqlException("IN_UNIT needs a column whose unit is declared, not " + args.get(0),
                    "apply IN_UNIT to a column directly, e.g. IN_UNIT(s_ra, 'rad')");
        }
        String name = column.getColumnName().replace("\"", "");
        String unit = tables.stream().flatMap(t -> t.columns().stream())
                .filter(c -> c.plainName().equalsIgnoreCase(name) && c.unit() != null)
                .map(c -> c.unit()).findFirst()
                .orElseThrow(() -> new AdqlException("column " + name + " has no declared unit", "see its unit in /tap/tables"));
        return Units.factor(unit, target.getValue()).orElseThrow(() -> new AdqlException(
                "cannot convert " + name + " from '" + unit + "' to '" + target.getValue() + "'",
                Units.isKnown(target.getValue()) ? "the units measure different quantities"
                        : "use a VOUnit of the same quantity, e.g. deg, rad, arcsec, mas, nm, m, s, d, yr, eV, Hz"));
    }

    private static String qualified(Table table) {
        String schemaName = table.getSchemaName() == null ? "" : table.getSchemaName().replace("\"", "") + ".";
        return (schemaName + table.getName().replace("\"", "")).toLowerCase(Locale.ROOT);
    }

    /** Collects the tables (TablesNamesFinder's job), the table nodes (of FROM and of column qualifiers) and every function call. */
    private static final class FunctionsAndTables extends TablesNamesFinder<Void> {
        private final List<Function> functions = new ArrayList<>();
        private final List<Table> tableNodes = new ArrayList<>();

        @Override
        public <S> Void visit(Function function, S context) {
            functions.add(function);
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(Table table, S context) {
            tableNodes.add(table);
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            if (column.getTable() != null && column.getTable().getName() != null) {
                tableNodes.add(column.getTable());
            }
            return super.visit(column, context);
        }
    }
}
