package org.astroarchive.cutmerge.async;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.CutMergeService;
import org.astroarchive.cutmerge.repository.CatalogueUnavailableException;
import org.astroarchive.security.Caller;
import org.astroarchive.security.audit.AuditLog;
import org.jboss.logging.Logger;

/**
 * Asynchronous Cut &amp; Merge (issue 5: "large selections run as jobs with progress"): the UWS 1.1 §2.1.3 job
 * lifecycle over {@code cutmerge.jobs}. Whoever claims a QUEUED job in the database (one atomic UPDATE) executes it,
 * so any instance may run any job; a heartbeat tells the others this instance is alive, a job whose instance falls
 * silent is failed by another, and a job queued by an instance that died before claiming it is taken by another.
 */
@ApplicationScoped
public class AsyncCutMerge {

    private static final Logger LOG = Logger.getLogger(AsyncCutMerge.class);
    /** Progress is written to the database at most this often (and at the end). */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A blocking WAIT re-reads the job this often. */
    private static final long WAIT_POLL_MILLIS = 100;

    /** The job was aborted or deleted while it executed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final JobStore jobs;
    private final CutMergeService service;
    private final CutMergeConfig config;
    private final AuditLog audit;
    private final String instanceId = UUID.randomUUID().toString();
    private final ExecutorService executor;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cutmerge-job-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public AsyncCutMerge(JobStore jobs, CutMergeService service, CutMergeConfig config, AuditLog audit) {
        this.jobs = jobs;
        this.service = service;
        this.config = config;
        this.audit = audit;
        this.executor = Executors.newFixedThreadPool(config.async().threads(), task -> {
            Thread thread = new Thread(task, "cutmerge-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(@Observes StartupEvent event) {
        long every = config.async().sweepEvery().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
        executor.shutdownNow();
    }

    /**
     * Creates a PENDING job of {@code ids} (checked already); {@code run} (PHASE=RUN, UWS 1.1 §2.2.3.1) starts it at
     * once.
     */
    public CutMergeJob create(List<String> ids, String runId, String clientId, Caller owner, boolean run) {
        Instant now = Instant.now();
        CutMergeJob job = new CutMergeJob(UUID.randomUUID().toString(), runId,
                owner.authenticated() ? owner.name() : null, clientId, Phase.PENDING, ids, now, null, null,
                (int) config.async().executionDuration().toSeconds(), now.plus(config.async().lifetime()), null, 0,
                null, null, null, null);
        jobs.insert(job);
        if (run) {
            run(job.jobId());
        }
        return job;
    }

    public Optional<CutMergeJob> find(String jobId) {
        return jobs.find(jobId);
    }

    public List<CutMergeJob> list(Caller caller) {
        return jobs.list(caller.authenticated() ? caller.name() : null);
    }

    /** PHASE=RUN: PENDING → QUEUED, then executed here (or by another instance if this one dies first). */
    public void run(String jobId) {
        if (jobs.queue(jobId)) {
            executor.execute(() -> execute(jobId));
        }
    }

    /** PHASE=ABORT: an executing job stops at its next progress report. */
    public void abort(String jobId) {
        jobs.abort(jobId);
    }

    /** Deletes the job (an executing one stops at its next progress report); its result stays in the result cache. */
    public boolean delete(String jobId) {
        return jobs.delete(jobId);
    }

    /**
     * UWS 1.1 §2.2.1.1 blocking: waits while the job is active and in the phase it had (and, if given, in
     * {@code phase}), up to {@code wait} (negative: the longest allowed), then returns the job as it is.
     */
    public Optional<CutMergeJob> await(String jobId, Phase phase, Duration wait) throws InterruptedException {
        Duration max = config.async().maxWait();
        Duration limit = wait.isNegative() || wait.compareTo(max) > 0 ? max : wait;
        long deadline = System.nanoTime() + limit.toNanos();
        Optional<CutMergeJob> job = jobs.find(jobId);
        Phase start = job.map(CutMergeJob::phase).orElse(null);
        if (start == null || !start.isActive() || (phase != null && phase != start)) {
            return job;
        }
        while (job.isPresent() && job.get().phase() == start && System.nanoTime() < deadline) {
            Thread.sleep(Math.max(1, Math.min(WAIT_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            job = jobs.find(jobId);
        }
        return job;
    }

    private void execute(String jobId) {
        if (!jobs.claim(jobId, instanceId)) {
            return; // aborted, deleted, or claimed by another instance meanwhile
        }
        CutMergeJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return;
        }
        Instant start = Instant.now();
        int status = 200;
        String error = null;
        Long bytes = null;
        JobProgress progress = new JobProgress(jobId);
        try {
            CutMergeService.Stored stored = service.mergeIntoCache(job.ids(), progress);
            bytes = stored.bytes();
            if (jobs.completed(jobId, stored.bucket(), stored.objectKey(), stored.bytes())) {
                LOG.infof("job %s completed: %d rows, result %s (%d bytes)", jobId, stored.rows(), stored.hash(),
                        stored.bytes());
            } else {
                status = 499;
                error = "aborted";
            }
        } catch (Stopped e) {
            status = 499;
            error = "aborted";
            LOG.infof("job %s stopped: aborted or deleted", jobId);
        } catch (CutMergeException e) {
            status = e.fault().status();
            error = e.text();
            failQuietly(jobId, e.text());
        } catch (CatalogueUnavailableException | JobStore.UnavailableException e) {
            status = 503;
            error = "TransientFault: " + e.getMessage() + "; submit the job again shortly";
            failQuietly(jobId, error);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed", jobId);
            status = 500;
            error = "FatalFault: the service failed (" + e + "); please report this to the archive operators";
            failQuietly(jobId, error);
        } finally {
            // issue 6: one event per job end, timed from the start of its execution to its stored result
            audit.record(audit.event(start, "job", job.ownerId() == null ? Caller.ANONYMOUS.name() : job.ownerId(),
                    job.clientId(), String.join(" ", job.ids()), progress.done == 0 ? null : (long) progress.done,
                    bytes, status, error, null));
        }
    }

    private void failQuietly(String jobId, String error) {
        try {
            jobs.failed(jobId, error);
        } catch (JobStore.UnavailableException e) {
            LOG.warnf("job %s: could not record its failure (%s); another instance will fail it", jobId, e.getMessage());
        }
    }

    /** Writes the progress of one job to the store, at most every 500 ms; stops the job when it was aborted. */
    private final class JobProgress implements CutMergeService.Progress {
        private final String jobId;
        private int total;
        private int done;
        private long written;

        JobProgress(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void started(int rows) {
            total = rows;
            write();
        }

        @Override
        public void copied(int rows) {
            done += rows;
            if (System.nanoTime() - written >= PROGRESS_EVERY_NANOS) {
                write();
            }
        }

        private void write() {
            written = System.nanoTime();
            if (!jobs.progress(jobId, done, total)) {
                throw new Stopped();
            }
        }
    }

    /**
     * Beats this instance's heartbeat, fails jobs of instances that died and jobs past their executionDuration, takes
     * over queued jobs nobody claimed, deletes jobs past their destruction time.
     */
    void sweep() {
        try {
            jobs.heartbeat(instanceId);
            long orphanAfter = config.async().orphanAfter().toSeconds();
            for (String orphan : jobs.orphans(orphanAfter)) {
                if (jobs.failed(orphan, "FatalFault: the cutmerge-service instance executing this job stopped; "
                        + "submit the job again")) {
                    LOG.warnf("job %s failed: its instance stopped", orphan);
                }
            }
            for (String overdue : jobs.overdue()) {
                jobs.failed(overdue, "UsageFault: the job ran longer than its executionDuration; split the selection");
            }
            jobs.stalled(orphanAfter).forEach(jobId -> executor.execute(() -> execute(jobId)));
            int expired = jobs.deleteExpired();
            if (expired > 0) {
                LOG.infof("%d jobs past their destruction time deleted", expired);
            }
        } catch (RuntimeException e) {
            LOG.warnf("job sweep failed: %s", e.toString());
        }
    }
}
