package org.astroarchive.cutmerge.async;

import static org.astroarchive.contracts.db.Jdbc.instant;
import static org.astroarchive.contracts.db.Jdbc.prepare;
import static org.astroarchive.contracts.db.Jdbc.timestamp;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code cutmerge.jobs}: the single source of truth for jobs, shared by all cutmerge-service instances. */
@ApplicationScoped
public class JobStore {

    /** The job store did not answer. */
    public static class UnavailableException extends RuntimeException {
        UnavailableException(SQLException e) {
            super("the job store (PostgreSQL) did not answer: " + e.getMessage(), e);
        }
    }

    private static final String COLUMNS = "job_id, run_id, owner_id, client_id, phase, ids, creation_time, start_time, "
            + "end_time, execution_duration, destruction, rows_total, rows_done, error_summary, result_bucket, "
            + "result_key, result_bytes";

    private final AgroalDataSource state;

    public JobStore(@DataSource("state") AgroalDataSource state) {
        this.state = state;
    }

    public void insert(CutMergeJob job) {
        update("INSERT INTO cutmerge.jobs (job_id, run_id, owner_id, client_id, phase, ids, creation_time, "
                        + "execution_duration, destruction, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                job.jobId(), job.runId(), job.ownerId(), job.clientId(), job.phase().name(),
                job.ids().toArray(String[]::new), timestamp(job.creationTime()), job.executionDuration(), timestamp(job.destruction()));
    }

    public Optional<CutMergeJob> find(String jobId) {
        return query("SELECT " + COLUMNS + " FROM cutmerge.jobs WHERE job_id = ?", jobId).stream().findFirst();
    }

    /** UWS 1.1 §2.2.2.1: the jobs of {@code ownerId} (the anonymous ones when null), newest first. */
    public List<CutMergeJob> list(String ownerId) {
        return ownerId == null
                ? query("SELECT " + COLUMNS + " FROM cutmerge.jobs WHERE owner_id IS NULL ORDER BY creation_time DESC")
                : query("SELECT " + COLUMNS + " FROM cutmerge.jobs WHERE owner_id = ? ORDER BY creation_time DESC",
                        ownerId);
    }

    /** PENDING → QUEUED; false if the job was not PENDING. The heartbeat dates the queueing (see {@link #stalled}). */
    public boolean queue(String jobId) {
        return update("UPDATE cutmerge.jobs SET phase = 'QUEUED', heartbeat = now() WHERE job_id = ? "
                + "AND phase = 'PENDING'", jobId) == 1;
    }

    /** Claims a QUEUED job for {@code instanceId}: the one atomic step that decides who executes it. */
    public boolean claim(String jobId, String instanceId) {
        return update("UPDATE cutmerge.jobs SET phase = 'EXECUTING', start_time = now(), heartbeat = now(), "
                + "instance_id = ? WHERE job_id = ? AND phase = 'QUEUED'", instanceId, jobId) == 1;
    }

    /**
     * Records the rows of the result and those copied so far; false if the job is no longer EXECUTING (aborted or
     * deleted meanwhile), which stops its execution.
     */
    public boolean progress(String jobId, int rowsDone, int rowsTotal) {
        return update("UPDATE cutmerge.jobs SET rows_done = ?, rows_total = ?, heartbeat = now() WHERE job_id = ? "
                + "AND phase = 'EXECUTING'", rowsDone, rowsTotal, jobId) == 1;
    }

    public boolean completed(String jobId, String bucket, String key, long bytes) {
        return update("UPDATE cutmerge.jobs SET phase = 'COMPLETED', end_time = now(), rows_done = rows_total, "
                + "result_bucket = ?, result_key = ?, result_bytes = ? WHERE job_id = ? AND phase = 'EXECUTING'",
                bucket, key, bytes, jobId) == 1;
    }

    /** Ends a queued or executing job in ERROR; false if it had already ended. */
    public boolean failed(String jobId, String errorSummary) {
        return update("UPDATE cutmerge.jobs SET phase = 'ERROR', end_time = now(), error_summary = ? "
                + "WHERE job_id = ? AND phase IN ('QUEUED', 'EXECUTING')", errorSummary, jobId) == 1;
    }

    /** PHASE=ABORT (UWS 1.1 §2.2.3.1): any active phase → ABORTED; false if the job had already ended. */
    public boolean abort(String jobId) {
        return update("UPDATE cutmerge.jobs SET phase = 'ABORTED', end_time = now() "
                + "WHERE job_id = ? AND phase IN ('PENDING', 'QUEUED', 'EXECUTING')", jobId) == 1;
    }

    public boolean delete(String jobId) {
        return update("DELETE FROM cutmerge.jobs WHERE job_id = ?", jobId) == 1;
    }

    /** Keeps this instance's executing jobs alive. */
    public void heartbeat(String instanceId) {
        update("UPDATE cutmerge.jobs SET heartbeat = now() WHERE instance_id = ? AND phase = 'EXECUTING'", instanceId);
    }

    /** Executing jobs whose instance has been silent for {@code seconds}: it died. */
    public List<String> orphans(long seconds) {
        return ids("SELECT job_id FROM cutmerge.jobs WHERE phase = 'EXECUTING' "
                + "AND heartbeat < now() - make_interval(secs => ?)", (double) seconds);
    }

    /** Queued jobs nobody claimed for {@code seconds} (their instance died before): any instance may take them. */
    public List<String> stalled(long seconds) {
        return ids("SELECT job_id FROM cutmerge.jobs WHERE phase = 'QUEUED' "
                + "AND heartbeat < now() - make_interval(secs => ?)", (double) seconds);
    }

    /** Executing jobs past their executionDuration (UWS 1.1 §2.2.3.2). */
    public List<String> overdue() {
        return ids("SELECT job_id FROM cutmerge.jobs WHERE phase = 'EXECUTING' AND execution_duration > 0 "
                + "AND start_time < now() - make_interval(secs => execution_duration)");
    }

    /** Deletes the jobs past their destruction time (UWS 1.1 §2.2.3.3); returns how many. */
    public int deleteExpired() {
        return update("DELETE FROM cutmerge.jobs WHERE destruction < now()");
    }

    private List<String> ids(String sql, Object... args) {
        try (Connection connection = state.getConnection(); PreparedStatement statement = prepare(connection, sql, args);
             ResultSet rs = statement.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new UnavailableException(e);
        }
    }

    private List<CutMergeJob> query(String sql, Object... args) {
        try (Connection connection = state.getConnection(); PreparedStatement statement = prepare(connection, sql, args);
             ResultSet rs = statement.executeQuery()) {
            List<CutMergeJob> jobs = new ArrayList<>();
            while (rs.next()) {
                Array ids = rs.getArray(6);
                jobs.add(new CutMergeJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Phase.valueOf(rs.getString(5)), List.of((String[]) ids.getArray()), instant(rs, 7),
                        instant(rs, 8), instant(rs, 9), rs.getInt(10), instant(rs, 11), (Integer) rs.getObject(12),
                        rs.getInt(13), rs.getString(14), rs.getString(15), rs.getString(16), (Long) rs.getObject(17)));
            }
            return jobs;
        } catch (SQLException e) {
            throw new UnavailableException(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection connection = state.getConnection(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new UnavailableException(e);
        }
    }
}
