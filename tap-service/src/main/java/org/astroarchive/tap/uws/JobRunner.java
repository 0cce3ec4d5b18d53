package org.astroarchive.tap.uws;

import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.astroarchive.tap.adql.AdqlException;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.service.TapRequest;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.security.audit.AuditLog;
import org.astroarchive.tap.security.CallerRights;
import org.astroarchive.tap.votable.QueryRunner;
import org.astroarchive.tap.upload.UploadException;
import org.astroarchive.tap.upload.UploadedTable;
import org.astroarchive.tap.upload.Uploads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Executes async jobs. Whoever claims a QUEUED job in the database (one atomic UPDATE) executes it, so any
 * instance may run any job; a heartbeat tells the others this instance is alive, and a job whose instance falls
 * silent is failed by another with a clear error summary.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** A query still running this long after its job was aborted or failed gets its backend terminated. */
    private static final int TERMINATE_AFTER_SECONDS = 10;

    private final JobRepository jobs;
    private final JobFileStore files;
    private final AdqlTranslator translator;
    private final QueryRunner runner;
    private final CallerRights rights;
    private final TapConfig config;
    private final AuditLog audit;
    private final String instanceId = UUID.randomUUID().toString();
    private final ExecutorService executor;

    public JobRunner(JobRepository jobs, JobFileStore files, AdqlTranslator translator, QueryRunner runner,
                     CallerRights rights, TapConfig config, AuditLog audit) {
        this.jobs = jobs;
        this.files = files;
        this.translator = translator;
        this.runner = runner;
        this.rights = rights;
        this.config = config;
        this.audit = audit;
        this.executor = Executors.newFixedThreadPool(config.asyncThreads());
    }

    /** Queues a job for execution on this instance. */
    public void submit(String jobId) {
        executor.submit(() -> execute(jobId));
    }

    /** Cancels the job's database query, whichever instance runs it. */
    public void cancel(String jobId) {
        int cancelled = runner.cancel(label(jobId));
        LOG.debugf("job %s: %d database queries cancelled", jobId, cancelled);
    }

    private static String label(String jobId) {
        return "tap-job:" + jobId;
    }

    private void execute(String jobId) {
        if (!jobs.claim(jobId, instanceId)) {
            return; // aborted, deleted, or claimed by another instance meanwhile
        }
        Job job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return;
        }
        Path file = null;
        Map<String, Path> parts = new HashMap<>();
        Instant start = Instant.now();
        long rows = 0;
        long bytes = 0;
        int status = 200;
        String error = null;
        try {
            TapRequest request = TapRequest.parse(job.parameters(), config);
            String upload = job.parameters().get("UPLOAD");
            fetchUploadParts(jobId, upload, parts);
            List<UploadedTable> uploads = Uploads.read(upload, parts, config);
            // the owner's rights, kept with the job: the instance running it is not the one the owner talked to
            AdqlTranslator.Translation translation = translator.translate(request.query(), request.maxrec(), uploads,
                    rights.of(job.owner()));
            file = Files.createTempFile("tap-job-", ".vot");
            try (OutputStream out = Files.newOutputStream(file)) {
                rows = runner.runInto(translation, request.maxrec(), request.format(), Duration.ofSeconds(job.executionDuration()),
                        out, label(jobId), uploads, request.clientId());
            }
            // TAP 1.1 §2.7.1: the result of an async job is named "result"
            String key = "async/" + jobId + "/result";
            bytes = Files.size(file);
            files.put(key, file, request.format().mimeType());
            jobs.completed(jobId, key, bytes);
        } catch (AdqlException e) {
            status = e instanceof org.astroarchive.tap.adql.QueryTooLongException ? 413 : 400;
            error = e.describe();
            jobs.failed(jobId, error);
        } catch (UploadException e) {
            status = e.tooLarge() ? 413 : 400;
            error = e.describe();
            jobs.failed(jobId, error);
        } catch (QueryRunner.QueryFailedException e) {
            status = e.clientMistake() ? 400 : 503;
            error = e.getMessage();
            jobs.failed(jobId, error); // no effect if the job was aborted: it is no longer EXECUTING
        } catch (AccessRulesUnavailableException e) {
            status = 503;
            error = "the access rules of the collections could not be read (" + e.getMessage()
                    + "). Hint: submit the job again shortly";
            jobs.failed(jobId, error);
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed", jobId);
            status = 500;
            error = "the job failed on the server: " + e.getMessage() + ". Hint: submit it again; if it fails again, report it";
            jobs.failed(jobId, error);
        } finally {
            deleteQuietly(file);
            parts.values().forEach(JobRunner::deleteQuietly);
            // issue 6: one event per job end, timed from the start of its execution to its stored result
            String client = job.parameters().get("CLIENTID");
            audit.record(audit.event(start, "job", job.owner().name(), client, job.parameters().get("QUERY"),
                    rows, bytes, status, error, null));
        }
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        jobs.heartbeat(instanceId);
        jobs.stopQueriesOfEndedJobs(TERMINATE_AFTER_SECONDS);
    }

    /** Fails jobs of instances that died, restarts queued jobs nobody took, deletes jobs past their destruction. */
    @Scheduled(every = "${tap.sweep-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int orphanAfter = (int) config.orphanAfter().toSeconds();
        for (String orphan : jobs.orphans(orphanAfter)) {
            jobs.failed(orphan, "the tap-service instance executing this job stopped. Hint: submit the job again");
            cancel(orphan); // its query may still be running in the database
            LOG.warnf("job %s failed: its instance stopped", orphan);
        }
        jobs.stalledQueued(orphanAfter).forEach(this::submit);
        for (Job expired : jobs.expired()) {
            try {
                deleteStoredFiles(expired);
                jobs.delete(expired.jobId());
            } catch (Exception e) {
                LOG.warnf("could not destroy job %s: %s", expired.jobId(), e.getMessage());
            }
        }
    }

    /** The S3 objects of a job: its result and its uploads. */
    void deleteStoredFiles(Job job) {
        if (job == null) {
            return;
        }
        try {
            if (job.resultKey() != null) {
                files.delete(job.resultKey());
            }
            files.deletePrefix(JobService.uploadKey(job.jobId(), ""));
        } catch (Exception e) {
            LOG.warnf("could not delete the stored files of job %s: %s", job.jobId(), e.getMessage());
        }
    }

    /** Downloads the parts an UPLOAD parameter names (param:x) from where job creation kept them. */
    private void fetchUploadParts(String jobId, String upload, Map<String, Path> parts) throws Exception {
        if (upload == null) {
            return;
        }
        for (String item : upload.split(";")) {
            int param = item.indexOf("param:");
            if (param < 0) {
                continue; // Uploads.read explains what is wrong with it
            }
            String part = item.substring(param + "param:".length()).trim();
            if (part.matches("[A-Za-z0-9_.-]{1,64}") && !parts.containsKey(part)) {
                Path local = Files.createTempFile("tap-upload-", ".vot");
                parts.put(part, local);
                try {
                    files.download(JobService.uploadKey(jobId, part), local);
                } catch (Exception e) {
                    parts.remove(part);
                    deleteQuietly(local);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                LOG.debug("temp file left behind", e);
            }
        }
    }
}
