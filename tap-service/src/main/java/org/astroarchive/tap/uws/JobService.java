package org.astroarchive.tap.uws;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.astroarchive.security.Caller;
import org.astroarchive.tap.config.TapConfig;

/** The UWS 1.1 job lifecycle (§2.1.3) over the shared job store. */
@ApplicationScoped
public class JobService {

    private static final Set<Phase> RUNNABLE = Set.of(Phase.PENDING);
    private static final Set<Phase> ABORTABLE = Set.of(Phase.PENDING, Phase.QUEUED, Phase.EXECUTING, Phase.HELD, Phase.SUSPENDED);

    private final JobRepository jobs;
    private final JobRunner runner;
    private final JobFileStore store;
    private final TapConfig config;
    private final JobSignals signals;

    public JobService(JobRepository jobs, JobRunner runner, JobFileStore store, TapConfig config, JobSignals signals) {
        this.jobs = jobs;
        this.runner = runner;
        this.store = store;
        this.config = config;
        this.signals = signals;
    }

    /** Creates a PENDING job; {@code PHASE=RUN} among the parameters starts it at once (UWS 1.1 §2.2.3.1). */
    public Job create(Map<String, String> parameters, Caller owner) {
        return create(parameters, owner, Map.of());
    }

    /**
     * As {@link #create(Map, String)}, with files sent inline (TAP 1.1 §2.5.1): they are kept in S3 beside the job, so
     * whichever instance executes it can read them.
     *
     * @throws IllegalArgumentException if a part name cannot be stored
     */
    public Job create(Map<String, String> parameters, Caller owner, Map<String, java.nio.file.Path> files) {
        Map<String, String> stored = new java.util.TreeMap<>(parameters);
        String phase = stored.remove("PHASE");
        String runId = stored.remove("RUNID");
        Instant now = Instant.now();
        Job job = new Job(UUID.randomUUID().toString(), runId, owner.authenticated() ? owner.name() : null, Phase.PENDING,
                stored, now, null, null, (int) config.asyncExecutionDuration().toSeconds(), now.plus(config.jobLifetime()),
                null, null, null, owner.authenticated() ? owner.groups() : Set.of());
        jobs.insert(job);
        for (Map.Entry<String, java.nio.file.Path> file : files.entrySet()) {
            if (!file.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
                jobs.delete(job.jobId());
                throw new IllegalArgumentException("upload part name '" + file.getKey() + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            try {
                store.put(uploadKey(job.jobId(), file.getKey()), file.getValue(), "application/x-votable+xml");
            } catch (Exception e) {
                jobs.delete(job.jobId());
                throw new JobStoreException("could not keep the uploaded table " + file.getKey() + ": " + e.getMessage(), e);
            }
        }
        if ("RUN".equalsIgnoreCase(phase)) {
            run(job.jobId());
        }
        return job;
    }

    public Optional<Job> find(String jobId) {
        return jobs.find(jobId);
    }

    /** PHASE=RUN: PENDING → QUEUED, then executed by whichever instance claims it. Other phases: no change. */
    public void run(String jobId) {
        if (jobs.transition(jobId, RUNNABLE, Phase.QUEUED)) {
            runner.submit(jobId);
        }
    }

    /** PHASE=ABORT: any active phase → ABORTED; a running query is cancelled. */
    public void abort(String jobId) {
        if (jobs.transition(jobId, ABORTABLE, Phase.ABORTED)) {
            runner.cancel(jobId);
        }
    }

    /**
     * UWS 1.1 §2.2.1.1 blocking: waits while the job is active and (if given) in {@code phase}, up to {@code wait}
     * (negative = the longest allowed), then returns the job as it is.
     */
    public Optional<Job> await(String jobId, Phase phase, Duration wait) throws InterruptedException {
        return await(jobs, signals, config, jobId, phase, wait);
    }

    /**
     * The blocking WAIT over any job store: woken by {@link JobSignals} when the job changes (on this instance, or on
     * another through {@link JobNotifications}), and re-reading it every {@code tap.wait-recheck} in case a signal was
     * lost (a dropped listening connection).
     */
    static Optional<Job> await(JobRepository jobs, JobSignals signals, TapConfig config, String jobId, Phase phase,
                               Duration wait) throws InterruptedException {
        Duration limit = wait.isNegative() || wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
        long deadline = System.nanoTime() + limit.toNanos();
        long recheck = Math.max(1, config.waitRecheck().toMillis());
        // watch first: a change between the read below and the wait still wakes it
        try (JobSignals.Watch watch = signals.watch(jobId)) {
            Optional<Job> job = jobs.find(jobId);
            Phase start = job.map(Job::phase).orElse(null);
            while (job.isPresent() && job.get().phase().isActive() && job.get().phase() == start
                    && (phase == null || phase == start)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                watch.await(Math.min(left, recheck));
                job = jobs.find(jobId);
            }
            return job;
        }
    }

    public boolean delete(String jobId) {
        Optional<Job> job = jobs.find(jobId);
        job.ifPresent(j -> abort(j.jobId()));
        runner.deleteStoredFiles(job.orElse(null));
        return jobs.delete(jobId);
    }

    /** Where an inline upload of a job is kept. */
    static String uploadKey(String jobId, String part) {
        return "uploads/" + jobId + "/" + part;
    }

    public boolean setParameters(String jobId, Map<String, String> parameters) {
        return jobs.find(jobId).map(job -> {
            Map<String, String> merged = new java.util.TreeMap<>(job.parameters());
            merged.putAll(parameters);
            return jobs.updateParameters(jobId, merged);
        }).orElse(false);
    }

    /** Only while PENDING; capped at the configured maximum. */
    public boolean setExecutionDuration(String jobId, long seconds) {
        long max = config.asyncExecutionDuration().toSeconds();
        return jobs.setExecutionDuration(jobId, (int) (seconds <= 0 ? max : Math.min(seconds, max)));
    }

    /** Capped at creation + the configured lifetime. */
    public boolean setDestruction(String jobId, Instant destruction) {
        return jobs.find(jobId).map(job -> {
            Instant latest = job.creationTime().plus(config.jobLifetime());
            return jobs.setDestruction(jobId, destruction.isAfter(latest) ? latest : destruction);
        }).orElse(false);
    }
}
