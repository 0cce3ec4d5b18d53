package org.astroarchive.tap.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.contracts.ServerTiming;
import org.astroarchive.tap.adql.AdqlException;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.service.TapRequest;
import org.astroarchive.tap.votable.QueryRunner;
import org.astroarchive.tap.votable.VotableWriter;
import org.astroarchive.tap.upload.UploadException;
import org.astroarchive.tap.upload.UploadedTable;
import org.astroarchive.tap.upload.Uploads;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astroarchive.security.audit.AuditLog;
import org.astroarchive.security.audit.CountingOutputStream;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.tap.security.CallerRights;

/** TAP 1.1 §2.3 synchronous queries: {@code /tap/sync}, GET or POST, LANG=ADQL. */
@Path("/tap")
public class TapResource {

    private final AdqlTranslator translator;
    private final QueryRunner runner;
    private final CallerRights rights;
    private final TapConfig config;
    private final AuditLog audit;

    public TapResource(AdqlTranslator translator, QueryRunner runner, CallerRights rights, TapConfig config,
                       AuditLog audit) {
        this.translator = translator;
        this.runner = runner;
        this.rights = rights;
        this.config = config;
        this.audit = audit;
    }

    @GET
    @Path("sync")
    public Response syncGet(@Context UriInfo uri, @Context HttpHeaders headers) {
        return sync(TapParameters.of(uri.getQueryParameters()), Map.of(), headers);
    }

    @POST
    @Path("sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response syncPost(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        return sync(TapParameters.of(form == null ? new MultivaluedHashMap<>() : form, uri.getQueryParameters()),
                Map.of(), headers);
    }

    /** TAP 1.1 §2.5.1: a query with inline uploads, as multipart/form-data (what pyvo and TOPCAT send). */
    @POST
    @Path("sync")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response syncMultipart(MultipartFormDataInput input, @Context UriInfo uri, @Context HttpHeaders headers) {
        MultipartRequest request = MultipartRequest.of(input);
        return sync(TapParameters.of(request.fields(), uri.getQueryParameters()), request.files(), headers);
    }

    private Response sync(TapParameters parameters, Map<String, java.nio.file.Path> files, HttpHeaders headers) {
        QueryAudit query = new QueryAudit(Instant.now(), rights.caller().name(),
                parameters.get("CLIENTID") != null ? parameters.get("CLIENTID") : headers.getHeaderString(HttpHeaders.USER_AGENT),
                parameters.get("QUERY"), headers.getHeaderString("X-Request-Id"));
        try {
            return run(parameters, files, query);
        } catch (RuntimeException e) { // answered 500 by the default mappers: audited as such
            query.record(500, 0, 0, e.toString());
            throw e;
        }
    }

    private Response run(TapParameters parameters, Map<String, java.nio.file.Path> files, QueryAudit query) {
        try {
            // issue 6: the portal's Messages pane shows where the server's time went; the rows are streamed after
            // the headers, so "db" ends when the first rows have arrived
            ServerTiming timing = new ServerTiming();
            TapRequest request = TapRequest.parse(parameters.asMap(), config);
            List<UploadedTable> uploads = Uploads.read(parameters.get("UPLOAD"), files, config);
            if (!uploads.isEmpty()) {
                timing.step("upload", "read the uploaded tables");
            }
            AdqlTranslator.Translation translation = translator.translate(request.query(), request.maxrec(), uploads,
                    rights.of(rights.caller()));
            timing.step("adql", "parse and translate");
            QueryRunner.SyncResult result = runner.run(translation, request.maxrec(), request.format(), uploads,
                    request.clientId());
            timing.step("db", "query until the first rows");
            return Response.ok(audited(result, query), request.format().mimeType())
                    .header(ServerTiming.HEADER, timing.toString()).build();
        } catch (UploadException e) {
            return refuse(query, e.tooLarge() ? Response.Status.REQUEST_ENTITY_TOO_LARGE : Response.Status.BAD_REQUEST, e.describe());
        } catch (org.astroarchive.tap.adql.QueryTooLongException e) {
            return refuse(query, Response.Status.REQUEST_ENTITY_TOO_LARGE, e.describe());
        } catch (AdqlException e) {
            return refuse(query, Response.Status.BAD_REQUEST, e.describe());
        } catch (QueryRunner.QueryFailedException e) {
            return refuse(query, e.clientMistake() ? Response.Status.BAD_REQUEST : Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (AccessRulesUnavailableException e) {
            return refuse(query, Response.Status.SERVICE_UNAVAILABLE, "the access rules of the collections cannot be read ("
                    + e.getMessage() + "); retry shortly");
        }
    }

    /** The result as it is written, with the audit event recorded after the last byte (or the failure). */
    private StreamingOutput audited(QueryRunner.SyncResult result, QueryAudit query) {
        return out -> {
            CountingOutputStream counted = new CountingOutputStream(out);
            try {
                result.write(counted);
                query.record(200, result.rows(), counted.count(), null);
            } catch (IOException | RuntimeException e) {
                // the 200 is already sent: the event says how the stream really ended
                query.record(500, result.rows(), counted.count(), "result streaming failed: " + e.getMessage());
                throw e;
            }
        };
    }

    /** What the audit event of one sync query (issue 6) needs from the request. */
    private final class QueryAudit {
        private final Instant start;
        private final String user;
        private final String client;
        private final String adql;
        private final String requestId;

        QueryAudit(Instant start, String user, String client, String adql, String requestId) {
            this.start = start;
            this.user = user;
            this.client = client;
            this.adql = adql;
            this.requestId = requestId;
        }

        void record(int status, long rows, long bytes, String error) {
            audit.record(audit.event(start, "query", user, client, adql, rows, bytes, status, error, requestId));
        }
    }

    /** An error document, audited as the end of the query. */
    private static Response refuse(QueryAudit query, Response.Status status, String message) {
        Response response = error(status, message);
        query.record(status.getStatusCode(), 0, ((String) response.getEntity()).getBytes(StandardCharsets.UTF_8).length,
                message);
        return response;
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaTypes.VOTABLE).entity(VotableWriter.errorDocument(message)).build();
    }
}
