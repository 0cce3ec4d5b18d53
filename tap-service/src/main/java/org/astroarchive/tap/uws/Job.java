package org.astroarchive.tap.uws;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.astroarchive.security.Caller;

/**
 * One UWS job as stored in {@code uws.jobs}. {@code ownerId} is the authenticated user who created it (null for
 * anonymous jobs, which anyone holding the URL may use); {@code ownerGroups} are that user's groups at creation, the
 * rights the query runs with wherever it runs.
 */
public record Job(String jobId, String runId, String ownerId, Phase phase, Map<String, String> parameters,
                  Instant creationTime, Instant startTime, Instant endTime, int executionDuration,
                  Instant destruction, String errorSummary, String resultKey, Long resultBytes,
                  Set<String> ownerGroups) {

    /** The caller the job's query runs as. */
    public Caller owner() {
        return ownerId == null ? Caller.ANONYMOUS
                : new Caller(ownerId, ownerGroups, true);
    }

    /** UWS: a job belongs to its owner; anonymous jobs to whoever holds their URL. */
    public boolean mayBeUsedBy(Caller caller) {
        return ownerId == null || (caller.authenticated() && ownerId.equals(caller.name()));
    }
}
