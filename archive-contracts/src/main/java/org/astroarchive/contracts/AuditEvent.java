package org.astroarchive.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a user did: one per query, download or link request, published on {@link Topics#AUDIT_EVENTS_V1} (key: the
 * user) and written as an ECS JSON log line, so that Kibana shows who read what, how much and how fast.
 *
 * @param time       when the request arrived
 * @param service    the service that answered (tap-service, datalink-service, cutmerge-service, ...)
 * @param action     what was asked: {@code query} (TAP sync), {@code job} (TAP async run), {@code links}, {@code download}
 *                   (Cut &amp; Merge, SODA, event selection), ...
 * @param user       the authenticated user, or {@code anonymous}
 * @param client     the client: its DataLink clientId, else its User-Agent
 * @param object     what was asked for: the ADQL query, the IDs, the dataset
 * @param rows       rows returned, when the service counts them
 * @param bytes      bytes sent
 * @param durationMs time from request to the last byte
 * @param status     HTTP status (for async jobs: 200 when the job completed, else the error's)
 * @param outcome    {@code success} or {@code failure} (ECS event.outcome)
 * @param error      why it failed, for failures
 * @param requestId  the gateway's X-Request-Id, to join with the service logs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(Instant time, String service, String action, String user, String client, String object,
                         Long rows, Long bytes, long durationMs, int status, String outcome, String error,
                         String requestId) {

    public static final String ANONYMOUS = "anonymous";

    /** The outcome of an HTTP status: below 400 a success. */
    public static String outcomeOf(int status) {
        return status < 400 ? "success" : "failure";
    }
}
