package org.astroarchive.tap.votable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.jboss.logging.Logger;
import uk.ac.starlink.votable.DataFormat;

/**
 * Runs a translated query in a read-only transaction with a time limit and a server-side cursor, and returns the
 * VOTable as a stream. The query is executed before the response starts, so database errors still become error
 * documents with the right status.
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

    public StreamingOutput run(AdqlTranslator.Translation translation, long maxrec, DataFormat format)
            throws QueryFailedException {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            // read-only transaction: even a query that slipped past the ADQL whitelist cannot write
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            Statement statement = connection.createStatement();
            statement.execute("SET LOCAL statement_timeout = " + config.syncTimeout().toMillis());
            statement.setFetchSize(FETCH_SIZE);
            ResultSet rows = statement.executeQuery(translation.sql());
            Connection open = connection;
            return out -> {
                try (open; statement) {
                    VotableWriter.writeResult(rows, maxrec, format, translation.tables(), out);
                    open.rollback();
                } catch (SQLException e) {
                    throw new IOException("result streaming failed: " + e.getMessage(), e);
                }
            };
        } catch (SQLException e) {
            closeQuietly(connection);
            throw QueryFailedException.from(e, translation);
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
                return new QueryFailedException("the query took longer than the synchronous limit and was cancelled. "
                        + "Hint: add constraints or TOP, or submit it to /tap/async", true, e);
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
