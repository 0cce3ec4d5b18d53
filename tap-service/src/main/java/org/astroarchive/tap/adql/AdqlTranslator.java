package org.astroarchive.tap.adql;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
                                + ", and the geometry functions POINT, CIRCLE, BOX, POLYGON, CONTAINS, INTERSECTS, DISTANCE, AREA, COORD1, COORD2, COORDSYS"
                                + " and the UDFs ivo_nocasematch, ivo_hashlist_has, ivo_healpix_index, ivo_healpix_center");
            }
            function.setName(AdqlFunctions.postgresName(function.getName()));
        }
        // after tables and functions, whose messages say more (a '::' cast of pg_read_file: the function is the news)
        if (!found.refusals.isEmpty()) {
            throw found.refusals.get(0);
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

    /**
     * Where JSqlParser runs a parse so that it can stop one that takes too long (its timeOut feature, against
     * pathological input). Without an executor given, it starts and stops a new thread for every query; these threads
     * are reused, and end after a minute without work.
     */
    private static final ExecutorService PARSER_THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "adql-parser");
        thread.setDaemon(true);
        return thread;
    });

    private static Select parseSelect(String adql) throws AdqlException {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(adql, PARSER_THREADS, null);
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
                limit = Math.min(limit, atMostLong(top));
            }
            plain.setTop(null);
        }
        if (select.getLimit() != null && select.getLimit().getRowCount() instanceof LongValue existing) {
            limit = Math.min(limit, atMostLong(existing));
        }
        select.setLimit(new Limit().withRowCount(new LongValue(limit)));
    }

    /** A literal beyond the range of long (TOP 99999999999999999999) limits nothing that MAXREC does not already. */
    private static long atMostLong(LongValue value) {
        java.math.BigInteger big = value.getBigIntegerValue();
        return big.bitLength() < 64 ? big.longValue() : big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    private static AdqlException syntaxError(JSQLParserException e) {
        // JSqlParser 5 wraps its ParseException (sometimes twice): look along the cause chain for the position
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ParseException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ParseException parse && parse.currentToken != null) {
            Token next = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
            return new AdqlException("syntax error near '" + next.image + "'", next.beginLine, next.beginColumn,
                    "check the ADQL grammar around this position: quote unusual identifiers with double quotes, "
                            + "strings with single quotes");
        }
        String message = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("syntax error");
        // the parser's own exception class names mean nothing to a caller
        message = message.replaceAll("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*(Exception|Error):\\s*", "").strip();
        return new AdqlException(message.isEmpty() ? "syntax error" : "syntax error: " + message,
                "check the ADQL grammar: quote unusual identifiers with double quotes, strings with single quotes");
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
        /** ADQL 2.1 §2.3.9: the CAST target types (PostgreSQL names, as JSqlParser reports them). */
        private static final Set<String> CAST_TYPES = Set.of("SMALLINT", "INTEGER", "INT", "BIGINT", "REAL", "DOUBLE PRECISION",
                "DOUBLE", "CHAR", "CHARACTER", "VARCHAR", "CHARACTER VARYING", "TIMESTAMP");
        /** SQL's value keywords that PostgreSQL answers with facts about the server when they are not a column. */
        private static final Set<String> SERVER_VALUES = Set.of("current_user", "session_user", "user", "current_role",
                "current_schema", "current_catalog", "system_user");

        private final List<Function> functions = new ArrayList<>();
        private final List<Table> tableNodes = new ArrayList<>();
        /** What is not ADQL although JSqlParser accepts it (found during the walk; the first one is reported). */
        private final List<AdqlException> refusals = new ArrayList<>();

        @Override
        public <S> Void visit(net.sf.jsqlparser.statement.select.WithItem<?> item, S context) {
            // found by suites/SecurityIT: WITH x AS (DELETE ... RETURNING *) reached the database
            if (!(item.getParenthesedStatement() instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect)) {
                refusals.add(new AdqlException("the common table expression '" + item.getAliasName() + "' is not a SELECT",
                        "ADQL queries read only: WITH name AS (SELECT ...)"));
            }
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(PlainSelect plain, S context) {
            if (plain.getForMode() != null || plain.getForUpdateTable() != null) {
                refusals.add(new AdqlException("SELECT ... FOR " + plain.getForMode() + " is not ADQL", "remove the FOR clause"));
            }
            if (plain.getIntoTables() != null || plain.getIntoTempTable() != null) {
                refusals.add(new AdqlException("SELECT ... INTO is not ADQL", "remove the INTO clause"));
            }
            return super.visit(plain, context);
        }

        @Override
        public <S> Void visit(net.sf.jsqlparser.expression.CastExpression cast, S context) {
            // found by suites/SecurityIT: CAST('archive.x' AS regclass) tells whether an unpublished table exists
            String type = cast.getColDataType() == null ? "" : cast.getColDataType().getDataType().toUpperCase(Locale.ROOT)
                    .replaceAll("\\s+", " ").replaceAll("\\s*\\(.*", "");
            if (!cast.isUseCastKeyword()) {
                refusals.add(new AdqlException("the '::' cast is not ADQL", "write CAST(value AS type)"));
            } else if (!CAST_TYPES.contains(type)) {
                refusals.add(new AdqlException("CAST to " + cast.getColDataType() + " is not an ADQL cast",
                        "cast to SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n) or TIMESTAMP"));
            }
            return super.visit(cast, context);
        }

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
            } else if (SERVER_VALUES.contains(column.getColumnName().toLowerCase(Locale.ROOT))) {
                // found by suites/SecurityIT: an unquoted current_user is PostgreSQL's, not a column; quote a real one
                refusals.add(new AdqlException("'" + column.getColumnName() + "' is a reserved word, not a column here",
                        "if a published table has a column of that name, write it in double quotes"));
            }
            return super.visit(column, context);
        }
    }
}
