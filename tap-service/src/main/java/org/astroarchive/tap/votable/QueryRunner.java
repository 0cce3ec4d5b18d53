package org.astroarchive.tap.votable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.astroarchive.tap.upload.UploadedTable;
import org.astroarchive.tap.upload.Uploads;
import javax.sql.DataSource;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.datalink.ResultSelections;
import org.astroarchive.tap.datalink.SelectionRegistry;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

/**
 * Runs a translated query in a read-only transaction with a time limit and a server-side cursor, and writes the
 * result as the rows arrive. The query is executed before any byte is written, so database errors still become
 * error documents with the right status.
 */
@ApplicationScoped
public class QueryRunner {

    private static final Logger LOG = Logger.getLogger(QueryRunner.class);
    static final int FETCH_SIZE = 5000;

    private final DataSource dataSource;
    private final TapConfig config;
    private final SelectionRegistry selections;

    public QueryRunner(DataSource dataSource, TapConfig config, SelectionRegistry selections) {
        this.dataSource = dataSource;
        this.config = config;
        this.selections = selections;
    }

    /**
     * A synchronous query: executed now, streamed when the response is written. {@code client} names whom the rows'
     * DataLink selections are given to ({@link SelectionRegistry}).
     */
    public SyncResult run(AdqlTranslator.Translation translation, long maxrec, ResultFormat format,
                          List<UploadedTable> uploads, UUID client) throws QueryFailedException {
        Execution execution = execute(translation, config.syncTimeout(), null, uploads);
        return new SyncResult(execution, maxrec, format, selections.forClient(client));
    }

    /** A sync query's result, streamed when the response is written; counts its rows for the audit event. */
    public static final class SyncResult implements StreamingOutput {
        private final Execution execution;
        private final long maxrec;
        private final ResultFormat format;
        private final ResultSelections selections;
        private long rows;

        private SyncResult(Execution execution, long maxrec, ResultFormat format, ResultSelections selections) {
            this.execution = execution;
            this.maxrec = maxrec;
            this.format = format;
            this.selections = selections;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            rows = execution.writeAndClose(maxrec, format, selections, out);
        }

        /** Rows written, once {@link #write} has returned. */
        public long rows() {
            return rows;
        }
    }

    /**
     * An asynchronous job's query, written to {@code out}; returns the rows written. Its transaction is labelled with {@code label} (as the
     * session's application_name), so that any instance can {@link #cancel(String) cancel} it.
     */
    public long runInto(AdqlTranslator.Translation translation, long maxrec, ResultFormat format, Duration timeout,
                        OutputStream out, String label, List<UploadedTable> uploads, UUID client)
            throws QueryFailedException, IOException {
        return execute(translation, timeout, label, uploads).writeAndClose(maxrec, format, selections.forClient(client), out);
    }

    /**
     * Cancels the running query labelled {@code label}, whichever instance started it, even one that died: a backend
     * whose client was killed goes on computing until it next writes to the socket. Returns the queries cancelled.
     */
    public int cancel(String label) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, label);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            LOG.warnf("could not cancel the query labelled %s: %s", label, e.getMessage());
            return 0;
        }
    }

    private Execution execute(AdqlTranslator.Translation translation, Duration timeout, String label,
                              List<UploadedTable> uploads) throws QueryFailedException {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            // uploads go into temporary tables first (ON COMMIT DROP); then the transaction turns read-only, so even a
            // query that slipped past the ADQL whitelist cannot write
            Uploads.load(connection, uploads);
            // one round trip for the whole set-up, transaction-local like SET LOCAL: the transaction turns read-only
            // (allowed at any point, unlike the turn back), the statement timeout of this query (sync and async
            // differ), the caller's groups for the tap_schema_visible views (V7, issue 6), and the async job's label
            try (PreparedStatement setup = connection.prepareStatement("SELECT set_config('transaction_read_only', 'on', true), "
                    + "set_config('statement_timeout', ?, true), set_config('archive.caller_groups', ?, true)"
                    + (label == null ? "" : ", set_config('application_name', ?, true)"))) {
                setup.setString(1, Long.toString(timeout.toMillis()));
                setup.setString(2, String.join(",", translation.callerGroups()));
                if (label != null) {
                    setup.setString(3, label);
                }
                setup.execute();
            }
            Statement statement = connection.createStatement();
            statement.setFetchSize(FETCH_SIZE);
            if (uploads.isEmpty()) {
                transferBinary(statement);
            }
            return new Execution(connection, statement, statement.executeQuery(translation.sql()), translation);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw QueryFailedException.from(e, translation);
        } catch (IOException e) {
            closeQuietly(connection);
            throw new QueryFailedException("an uploaded table could not be read: " + e.getMessage()
                    + ". Hint: send a valid VOTable", true, e);
        }
    }

    /**
     * Has pgjdbc receive the result's numbers and times in PostgreSQL's binary format: decoding float8 from text
     * (Double.parseDouble) was half the CPU of a large result. A negative prepare threshold forces it from the first
     * execution, at the price of one Describe round trip the first time a connection runs a given SQL text. Types
     * without a binary decoder in pgjdbc (pgSphere's, text, jsonb) still come as text. Not for queries of uploads:
     * their temporary tables change between queries of the same text, which a described statement would not survive.
     */
    static void transferBinary(Statement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }

    private record Execution(Connection connection, Statement statement, ResultSet rows,
                             AdqlTranslator.Translation translation) {
        long writeAndClose(long maxrec, ResultFormat format, ResultSelections selections, OutputStream out) throws IOException {
            try (connection; statement) {
                long written = ResultWriter.write(rows, maxrec, format, translation.tables(), selections, out);
                connection.rollback();
                return written;
            } catch (SQLException e) {
                throw new IOException("result streaming failed: " + e.getMessage(), e);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a failed connection", e);
            }
        }
    }

    /** The database refused or failed the query. */
    public static final class QueryFailedException extends Exception {
        private static final java.util.regex.Pattern PGSPHERE_ARGUMENT = java.util.regex.Pattern.compile(
                "(?i)radius|degrees|polygon|spherical|spoint|scircle|sbox|sellipse|sline|spoly|latitude|longitude");
        private final boolean clientMistake;

        private QueryFailedException(String message, boolean clientMistake, Throwable cause) {
            super(message, cause);
            this.clientMistake = clientMistake;
        }

        /** True for errors in the query itself (SQLSTATE classes 22 and 42, or a cancelled query), false for outages. */
        public boolean clientMistake() {
            return clientMistake;
        }

        static QueryFailedException from(SQLException e, AdqlTranslator.Translation translation) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = e.getMessage() == null ? "query failed" : e.getMessage().lines().findFirst().orElse("query failed");
            if (state.equals("42703")) {
                String columns = translation.tables().stream()
                        .map(t -> t.tableName() + ": " + t.columns().stream().map(c -> c.columnName()).collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("; "));
                return new QueryFailedException(message + ". Hint: the columns available are " + columns, true, e);
            }
            if (state.equals("57014")) {
                return new QueryFailedException("the query was cancelled: it reached its time limit or the job was aborted. "
                        + "Hint: add constraints or TOP, or give the async job a longer EXECUTIONDURATION", true, e);
            }
            if (state.equals("25006")) { // read-only transaction: something that writes slipped past the ADQL checks
                return new QueryFailedException("the query tries to change data: this service only reads. Hint: "
                        + "write a plain SELECT", true, e);
            }
            if (state.startsWith("54")) { // program limit exceeded: too many columns, too complex
                return new QueryFailedException(message + ". Hint: the query is larger than the database accepts; "
                        + "select fewer columns or simplify the expression", true, e);
            }
            if (state.equals("XX000") && PGSPHERE_ARGUMENT.matcher(message).find()) {
                // pgSphere reports bad arguments (a negative radius, a degenerate polygon) as internal errors
                return new QueryFailedException(message + ". Hint: check the geometry's arguments (degrees; a circle's "
                        + "radius between 0 and 90; a polygon of at least 3 distinct vertices)", true, e);
            }
            if (state.startsWith("42") || state.startsWith("22")) {
                return new QueryFailedException(message + ". Hint: check the query against the ADQL 2.1 grammar and "
                        + "the column types in /tap/tables", true, e);
            }
            LOG.errorf(e, "query failed (SQLSTATE %s): %s", state, translation.sql());
            return new QueryFailedException("the database could not run the query (" + state + "). Hint: retry later", false, e);
        }
    }
}
