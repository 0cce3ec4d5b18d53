package org.astroarchive.tap.uws;

import static org.astroarchive.contracts.db.Jdbc.instant;
import static org.astroarchive.contracts.db.Jdbc.prepare;
import static org.astroarchive.contracts.db.Jdbc.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** {@code uws.jobs}: the single source of truth for jobs, shared by all tap-service instances. */
@ApplicationScoped
public class JobRepository {

    private static final String COLUMNS = "job_id, run_id, owner_id, phase, parameters::text, creation_time, start_time, "
            + "end_time, execution_duration, destruction, error_summary, result_key, result_bytes, owner_groups";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final JobSignals signals;

    public JobRepository(DataSource dataSource, ObjectMapper json, JobSignals signals) {
        this.dataSource = dataSource;
        this.json = json;
        this.signals = signals;
    }

    public void insert(Job job) {
        update("INSERT INTO uws.jobs (job_id, run_id, owner_id, phase, parameters, creation_time, execution_duration, "
                        + "destruction, owner_groups) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
                job.jobId(), job.runId(), job.ownerId(), job.phase().name(), toJson(job.parameters()),
                timestamp(job.creationTime()), job.executionDuration(), timestamp(job.destruction()),
                job.ownerGroups().toArray(String[]::new));
    }

    public Optional<Job> find(String jobId) {
        List<Job> jobs = query("SELECT " + COLUMNS + " FROM uws.jobs WHERE job_id = ?", jobId);
        return jobs.stream().findFirst();
    }

    /**
     * UWS 1.1 §2.2.2.1 job list: newest first; phases empty = all but ARCHIVED. Only {@code ownerId}'s jobs, or the
     * anonymous ones when it is null.
     */
    public List<Job> list(String ownerId, Set<Phase> phases, Instant after, Integer last) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM uws.jobs WHERE ");
        List<Object> args = new ArrayList<>();
        if (ownerId == null) {
            sql.append("owner_id IS NULL AND ");
        } else {
            sql.append("owner_id = ? AND ");
            args.add(ownerId);
        }
        if (phases.isEmpty()) {
            sql.append("phase <> 'ARCHIVED'");
        } else {
            sql.append("phase = ANY (?)");
            args.add(phases.stream().map(Enum::name).toArray(String[]::new));
        }
        if (after != null) {
            sql.append(" AND creation_time > ?");
            args.add(timestamp(after));
        }
        sql.append(" ORDER BY creation_time DESC, job_id");
        if (last != null) {
            sql.append(" LIMIT ?");
            args.add(last);
        }
        return query(sql.toString(), args.toArray());
    }

    /** Moves a job from one of {@code from} to {@code to}; false if it was in none of them (another instance won). */
    public boolean transition(String jobId, Set<Phase> from, Phase to) {
        String extra = switch (to) {
            case QUEUED -> ", heartbeat = now()";
            case EXECUTING -> ", start_time = now(), heartbeat = now()";
            case COMPLETED, ERROR, ABORTED -> ", end_time = now()";
            default -> "";
        };
        return changePhase(jobId, "UPDATE uws.jobs SET phase = ?" + extra + " WHERE job_id = ? AND phase = ANY (?)",
                to.name(), jobId, from.stream().map(Enum::name).toArray(String[]::new));
    }

    /** Claims a QUEUED job for this instance: the one atomic step that decides who executes it. */
    public boolean claim(String jobId, String instanceId) {
        return changePhase(jobId, "UPDATE uws.jobs SET phase = 'EXECUTING', start_time = now(), heartbeat = now(), "
                + "instance_id = ? WHERE job_id = ? AND phase = 'QUEUED'", instanceId, jobId);
    }

    public void completed(String jobId, String resultKey, long resultBytes) {
        changePhase(jobId, "UPDATE uws.jobs SET phase = 'COMPLETED', end_time = now(), result_key = ?, result_bytes = ? "
                + "WHERE job_id = ? AND phase = 'EXECUTING'", resultKey, resultBytes, jobId);
    }

    public void failed(String jobId, String errorSummary) {
        changePhase(jobId, "UPDATE uws.jobs SET phase = 'ERROR', end_time = now(), error_summary = ? "
                + "WHERE job_id = ? AND phase IN ('EXECUTING', 'QUEUED')", errorSummary, jobId);
    }

    public boolean updateParameters(String jobId, Map<String, String> parameters) {
        return update("UPDATE uws.jobs SET parameters = ?::jsonb WHERE job_id = ? AND phase = 'PENDING'",
                toJson(parameters), jobId) == 1;
    }

    public boolean setExecutionDuration(String jobId, int seconds) {
        return update("UPDATE uws.jobs SET execution_duration = ? WHERE job_id = ? AND phase = 'PENDING'", seconds, jobId) == 1;
    }

    public boolean setDestruction(String jobId, Instant destruction) {
        return update("UPDATE uws.jobs SET destruction = ? WHERE job_id = ?", timestamp(destruction), jobId) == 1;
    }

    public boolean delete(String jobId) {
        return changePhase(jobId, "DELETE FROM uws.jobs WHERE job_id = ?", jobId);
    }

    /**
     * Stops database queries of jobs that have already ended (ABORTED, or ERROR when their instance died). A cancel
     * that reaches a backend between two protocol messages is dropped, so this is repeated until the query is gone;
     * queries still running {@code terminateAfterSeconds} after their job ended have their backend terminated.
     * The label is per job and per transaction, so repeating it never touches another query.
     */
    public void stopQueriesOfEndedJobs(int terminateAfterSeconds) {
        execute("""
                SELECT count(*) FILTER (WHERE CASE WHEN j.end_time < now() - make_interval(secs => ?)
                                                   THEN pg_terminate_backend(a.pid) ELSE pg_cancel_backend(a.pid) END)
                FROM pg_stat_activity a JOIN uws.jobs j ON a.application_name = 'tap-job:' || j.job_id
                WHERE j.phase IN ('ABORTED', 'ERROR') AND a.state = 'active'""", terminateAfterSeconds);
    }

    /** Keeps this instance's executing jobs alive. */
    public void heartbeat(String instanceId) {
        update("UPDATE uws.jobs SET heartbeat = now() WHERE instance_id = ? AND phase = 'EXECUTING'", instanceId);
    }

    /** Jobs whose executing instance has been silent for {@code staleSeconds}: it died. */
    public List<String> orphans(int staleSeconds) {
        return query("SELECT " + COLUMNS + " FROM uws.jobs WHERE phase = 'EXECUTING' AND heartbeat < now() - make_interval(secs => ?)",
                staleSeconds).stream().map(Job::jobId).toList();
    }

    /** QUEUED jobs no instance has claimed for {@code staleSeconds} (their instance died or is busy): any may take them. */
    public List<String> stalledQueued(int staleSeconds) {
        return query("SELECT " + COLUMNS + " FROM uws.jobs WHERE phase = 'QUEUED' AND heartbeat < now() - make_interval(secs => ?)",
                staleSeconds).stream().map(Job::jobId).toList();
    }

    /** Jobs past their destruction time (UWS 1.1 §2.2.3.3), with their result keys, to delete. */
    public List<Job> expired() {
        return query("SELECT " + COLUMNS + " FROM uws.jobs WHERE destruction < now()");
    }

    private List<Job> query(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, args);
             ResultSet rs = statement.executeQuery()) {
            List<Job> jobs = new ArrayList<>();
            while (rs.next()) {
                jobs.add(new Job(rs.getString(1), rs.getString(2), rs.getString(3), Phase.valueOf(rs.getString(4)),
                        fromJson(rs.getString(5)), instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getInt(9),
                        instant(rs, 10), rs.getString(11), rs.getString(12), (Long) rs.getObject(13), groups(rs, 14)));
            }
            return jobs;
        } catch (SQLException e) {
            throw new JobStoreException("job store unavailable: " + e.getMessage(), e);
        }
    }

    private static Set<String> groups(ResultSet rs, int column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? Set.of() : Set.of((String[]) array.getArray());
    }

    private void execute(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, args)) {
            statement.execute();
        } catch (SQLException e) {
            throw new JobStoreException("job store unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Runs an UPDATE or DELETE of one job that changes its phase and tells the waiters: those of this instance at
     * once, those of other instances by a notification that PostgreSQL delivers when the change commits (it is sent by
     * the same statement, so never for a change that did not happen). Returns whether the job changed.
     */
    private boolean changePhase(String jobId, String sql, Object... args) {
        boolean changed;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql + " RETURNING pg_notify('" + JobNotifications.CHANNEL
                     + "', job_id)", args);
             ResultSet rs = statement.executeQuery()) {
            changed = rs.next();
        } catch (SQLException e) {
            throw new JobStoreException("job store unavailable: " + e.getMessage(), e);
        }
        if (changed) {
            signals.signal(jobId);
        }
        return changed;
    }

    private int update(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException("job store unavailable: " + e.getMessage(), e);
        }
    }


    private String toJson(Map<String, String> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt job parameters: " + text, e);
        }
    }
}
