package org.astroarchive.importer.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.importer.security.OperatorGuard;
import org.astroarchive.importer.service.IngestService;
import org.astroarchive.importer.service.RejectedFileException;
import org.astroarchive.importer.service.SenderChecksums;
import org.astroarchive.importer.service.UnknownCollectionException;
import org.astroarchive.importer.storage.StorageException;
import org.astroarchive.security.CurrentCaller;
import org.astroarchive.security.audit.AuditLog;

/**
 * HTTP upload: {@code PUT /api/files/{collection}/{name}} with the raw file as body (PUT because re-sending is
 * harmless); optional {@code md5}/{@code adler32} query parameters or a {@code Content-MD5} header are checked against
 * the bytes received. Archive operators only (issue 6); every upload, refused ones included, is an audit event.
 */
@Path("/api/files")
public class FileUploadResource {

    /** The audit action of an upload ({@code audit.action} in Kibana). */
    static final String ACTION = "upload";

    private final IngestService ingest;
    private final OperatorGuard guard;
    private final CurrentCaller caller;
    private final AuditLog audit;

    public FileUploadResource(IngestService ingest, OperatorGuard guard, CurrentCaller caller, AuditLog audit) {
        this.ingest = ingest;
        this.guard = guard;
        this.caller = caller;
        this.audit = audit;
    }

    /** RFC 1864: Content-MD5 is the base64 of the 16-byte digest. */
    private static String fromContentMd5(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(header.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Content-MD5 '" + header + "' is not base64 (RFC 1864)");
        }
    }

    @PUT
    @Path("{collection}/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("collection") String collection, @PathParam("name") String name,
                           @QueryParam("scope") String scope, @QueryParam("md5") String md5,
                           @QueryParam("adler32") String adler32, @HeaderParam("Content-MD5") String contentMd5,
                           @HeaderParam("User-Agent") String userAgent, @HeaderParam("X-Request-Id") String requestId,
                           InputStream body) throws IOException {
        Instant start = Instant.now();
        String object = collection + "/" + name;
        String user;
        try {
            user = guard.requireOperator("uploading files").name();
        } catch (RuntimeException refused) {
            audit.record(audit.event(start, ACTION, caller.get().name(), userAgent, object, null, null, AuditLog.statusOf(refused),
                    refused.getMessage(), requestId));
            throw refused;
        }
        Response response = store(collection, scope, name, md5, adler32, contentMd5, body);
        // who wrote what into the archive: an audit event per upload, as for queries and downloads (issue 6)
        Object entity = response.getEntity();
        String did = entity instanceof FileIngested stored ? stored.did() : object;
        Long bytes = entity instanceof FileIngested stored ? stored.bytes() : null;
        String error = entity instanceof Problem problem ? problem.detail() : null;
        audit.record(audit.event(start, ACTION, user, userAgent, did, null, bytes, response.getStatus(), error, requestId));
        return response;
    }

    private Response store(String collection, String scope, String name, String md5, String adler32,
                           String contentMd5, InputStream body) throws IOException {
        try {
            SenderChecksums sent = new SenderChecksums(md5 != null ? md5 : fromContentMd5(contentMd5), adler32);
            FileIngested stored = ingest.ingest(collection, scope, name, body, sent);
            return Response.status(Response.Status.CREATED).entity(stored).build();
        } catch (UnknownCollectionException e) {
            return Problem.of(404, "Unknown collection", e.getMessage(),
                    "PUT the file under one of the known collections").toResponse();
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Invalid request", e.getMessage(),
                    "name files with letters, digits, '.', '_', '+' or '-' only; give md5 as 32 and adler32 as 8 hex digits")
                    .toResponse();
        } catch (RejectedFileException e) {
            return Problem.of(422, "File rejected", e.getMessage(),
                    "the file was kept in quarantine as " + e.quarantinedAs() + "; fix it and PUT it again").toResponse();
        } catch (StorageException e) {
            return Problem.of(503, "Storage unavailable", e.getMessage(), "retry later; nothing was published").toResponse();
        }
    }
}
