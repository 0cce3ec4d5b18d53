package org.astroarchive.tap.uws;

import java.time.Instant;
import java.util.Map;

/** One UWS job as stored in {@code uws.jobs}. */
public record Job(String jobId, String runId, String ownerId, Phase phase, Map<String, String> parameters,
                  Instant creationTime, Instant startTime, Instant endTime, int executionDuration,
                  Instant destruction, String errorSummary, String resultKey, Long resultBytes) {
}
