package org.astroarchive.cutmerge.repository;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code cutmerge.results}: which results are in the S3 result cache, by request hash. A row is written only once its
 * object is stored, so a hash absent here is built without asking S3 (a HEAD of a missing object cost ~10 ms of a new
 * 10-row selection). Shared by all instances through PostgreSQL. A failure reads as "not recorded": the cache only
 * saves time, so the result is built instead.
 */
@ApplicationScoped
public class ResultIndex {

    private static final Logger LOG = Logger.getLogger(ResultIndex.class);

    /** A stored result. */
    public record StoredResult(String bucket, String objectKey, long bytes) {
    }

    private final AgroalDataSource state;

    public ResultIndex(@DataSource("state") AgroalDataSource state) {
        this.state = state;
    }

    public Optional<StoredResult> find(String hash) {
        try (Connection connection = state.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT bucket, object_key, bytes FROM cutmerge.results WHERE request_hash = ?")) {
            statement.setString(1, hash);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new StoredResult(rs.getString(1), rs.getString(2), rs.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.warnf("result index not read (SQLSTATE %s): %s", e.getSQLState(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records a result whose object has been stored. Without waiting for the WAL flush (synchronous_commit off): a
     * row lost in a database crash only means the result is built once more, and the flush took ~17 ms of disk time
     * per new result on the busy test machine.
     */
    public void record(String hash, StoredResult result) {
        try (Connection connection = state.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement relaxed = connection.prepareStatement("SET LOCAL synchronous_commit TO OFF");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO cutmerge.results (request_hash, "
                         + "bucket, object_key, bytes) VALUES (?, ?, ?, ?) ON CONFLICT (request_hash) DO UPDATE SET "
                         + "bucket = EXCLUDED.bucket, object_key = EXCLUDED.object_key, bytes = EXCLUDED.bytes, "
                         + "stored_at = now()")) {
                relaxed.execute();
                insert.setString(1, hash);
                insert.setString(2, result.bucket());
                insert.setString(3, result.objectKey());
                insert.setLong(4, result.bytes());
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warnf("result %s not recorded (SQLSTATE %s): %s", hash, e.getSQLState(), e.getMessage());
        }
    }

    /** Forgets a result whose object is gone (e.g. expired by a lifecycle rule of the bucket). */
    public void forget(String hash) {
        try (Connection connection = state.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM cutmerge.results WHERE request_hash = ?")) {
            statement.setString(1, hash);
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("result %s not forgotten (SQLSTATE %s): %s", hash, e.getSQLState(), e.getMessage());
        }
    }
}
