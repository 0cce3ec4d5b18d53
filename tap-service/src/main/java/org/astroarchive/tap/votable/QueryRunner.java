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
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.jboss.logging.Logger;
import uk.ac.starlink.votable.DataFormat;

/**
 * Runs a translated query in a read-only transaction with a time limit and a server-side cursor, and writes the
 * VOTable as the rows arrive. The query is executed before any byte is written, so database errors still become
 * error documents with the right status.
 */
@ApplicationScoped
public class QueryRunner {

    private static final Logger LOG = Logger.getLogger(QueryRunner.class);
    private static final int FETCH_SIZE = 5000;

    private final DataSource dataSource;
    private final TapConfig config;

    public QueryRunner(DataSource dataSource, TapConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** A synchronous query: executed now, streamed when the response is written. */
    public StreamingOutput run(AdqlTranslator.Translation translation, long maxrec, DataFormat format)
            throws QueryFailedException {
        Execution execution = execute(translation, config.syncTimeout(), backendPid -> { });
        return out -> execution.writeAndClose(maxrec, format, out);
    }

    /**
     * An asynchronous job's query, written to {@code out}; {@code started} receives the database backend running it,
     * so that an abort can {@link #cancel(int) cancel} it.
     */
    public void runInto(AdqlTranslator.Translation translation, long maxrec, DataFormat format, Duration timeout,
                        OutputStream out, IntConsumer started) throws QueryFailedException, IOException {
        execute(translation, timeout, started).writeAndClose(maxrec, format, out);
    }

    /**
     * Cancels the query of a backend from another connection. The server-side cancel is used rather than JDBC's
     * Statement.cancel, which the driver skips once it has marked a statement as cancelling.
     */
    public void cancel(int backendPid) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT pg_cancel_backend(?)")) {
            statement.setInt(1, backendPid);
            statement.execute();
        } catch (SQLException e) {
            LOG.warnf("could not cancel the query of backend %d: %s", backendPid, e.getMessage());
        }
    }

    private Execution execute(AdqlTranslator.Translation translation, Duration timeout, IntConsumer started)
            throws QueryFailedException {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            // read-only transaction: even a query that slipped past the ADQL whitelist cannot write
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            Statement statement = connection.createStatement();
            statement.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                started.accept(pid.getInt(1));
            }
            return new Execution(connection, statement, statement.executeQuery(translation.sql()), translation);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw QueryFailedException.from(e, translation);
        }
    }

    private record Execution(Connection connection, Statement statement, ResultSet rows,
                             AdqlTranslator.Translation translation) {
        void writeAndClose(long maxrec, DataFormat format, OutputStream out) throws IOException {
            try (connection; statement) {
                VotableWriter.writeResult(rows, maxrec, format, translation.tables(), out);
                connection.rollback();
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
            if (state.startsWith("42") || state.startsWith("22")) {
                return new QueryFailedException(message + ". Hint: check the query against the ADQL 2.1 grammar and "
                        + "the column types in /tap/tables", true, e);
            }
            LOG.errorf(e, "query failed (SQLSTATE %s): %s", state, translation.sql());
            return new QueryFailedException("the database could not run the query (" + state + "). Hint: retry later", false, e);
        }
    }
}
