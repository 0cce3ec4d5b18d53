package org.astroarchive.cutmerge.async;

import java.time.Instant;
import java.util.List;
import org.astroarchive.security.Caller;

/**
 * One asynchronous Cut &amp; Merge job as stored in {@code cutmerge.jobs}. {@code ownerId} is the authenticated user
 * who created it (null for anonymous jobs, which anyone holding the URL may use); {@code rowsTotal} is null until the
 * IDs are resolved.
 */
public record CutMergeJob(String jobId, String runId, String ownerId, String clientId, Phase phase, List<String> ids,
                          Instant creationTime, Instant startTime, Instant endTime, int executionDuration,
                          Instant destruction, Integer rowsTotal, int rowsDone, String errorSummary,
                          String resultBucket, String resultKey, Long resultBytes) {

    /** UWS: a job belongs to its owner; anonymous jobs to whoever holds their URL. */
    public boolean mayBeUsedBy(Caller caller) {
        return ownerId == null || (caller.authenticated() && ownerId.equals(caller.name()));
    }
}
