package org.astroarchive.cutmerge.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import org.astroarchive.security.CurrentCaller;
import org.astroarchive.security.audit.AuditLog;
import org.astroarchive.security.audit.CountingOutputStream;

/**
 * Issue 6: one audit event (action {@code download}) per Cut &amp; Merge, SODA or event-selection request, whatever
 * its end: the file's last byte, a fault, or a refusal of a private collection.
 */
@ApplicationScoped
public class DownloadAudit {

    private static final String ACTION = "download";

    private final AuditLog audit;
    private final CurrentCaller caller;

    public DownloadAudit(AuditLog audit, CurrentCaller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    /**
     * Starts the event of a request for {@code ids}; call it first, on the request thread.
     *
     * @param clientId the request's clientId parameter, if any; else the User-Agent names the client
     */
    public Download start(Collection<String> ids, String clientId, HttpHeaders headers) {
        String client = clientId != null && !clientId.isBlank() ? clientId : headers.getHeaderString(HttpHeaders.USER_AGENT);
        return new Download(Instant.now(), caller.get().name(), client, String.join(" ", ids),
                headers.getHeaderString("X-Request-Id"));
    }

    /** One download in progress. */
    public final class Download {
        private final Instant start;
        private final String user;
        private final String client;
        private final String object;
        private final String requestId;

        private Download(Instant start, String user, String client, String object, String requestId) {
            this.start = start;
            this.user = user;
            this.client = client;
            this.object = object;
            this.requestId = requestId;
        }

        /**
         * Runs the request's work and audits how it ends: a refusal or failure it throws now (and rethrown for the
         * exception mappers), an answer without a file now, a file after its last byte.
         */
        public Response around(java.util.function.Supplier<Response> work) {
            Response response;
            try {
                response = work.get();
            } catch (RuntimeException e) {
                throw refused(e);
            }
            return response.getEntity() instanceof StreamingOutput ? response : answered(response);
        }

        /** A complete answer without a file (a fault as plain text, or 204): audited now. */
        public Response answered(Response response) {
            String text = response.getEntity() instanceof String body ? body : null;
            long bytes = text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
            record(response.getStatus(), bytes, response.getStatus() >= 400 && text != null ? text.strip() : null);
            return response;
        }

        /** The file as it is written; audited after its last byte, or when writing fails. */
        public StreamingOutput streamed(StreamingOutput body) {
            return out -> {
                CountingOutputStream counted = new CountingOutputStream(out);
                try {
                    body.write(counted);
                    record(200, counted.count(), null);
                } catch (IOException | RuntimeException e) {
                    // the 200 is already sent: the event says how the download really ended
                    record(500, counted.count(), "download failed: " + e.getMessage());
                    throw e;
                }
            };
        }

        /**
         * An exception the request ends with, answered by the exception mappers: a refusal of a private collection
         * (401, 403) or a failure (500). Audited now; returns it for rethrowing.
         */
        public RuntimeException refused(RuntimeException e) {
            record(AuditLog.statusOf(e), null, e.getMessage() == null ? e.toString() : e.getMessage());
            return e;
        }

        private void record(int status, Long bytes, String error) {
            audit.record(audit.event(start, ACTION, user, client, object, null, bytes, status, error, requestId));
        }
    }
}
