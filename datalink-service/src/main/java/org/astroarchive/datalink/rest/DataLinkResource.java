package org.astroarchive.datalink.rest;

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
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.contracts.ServerTiming;
import org.astroarchive.datalink.config.DataLinkConfig;
import org.astroarchive.datalink.datalink.Fault;
import org.astroarchive.datalink.datalink.Link;
import org.astroarchive.datalink.datalink.LinkService;
import org.astroarchive.datalink.repository.CatalogueUnavailableException;
import org.astroarchive.datalink.votable.LinksWriter;
import org.astroarchive.security.CurrentCaller;
import org.astroarchive.security.audit.AuditLog;

/**
 * DataLink 1.1 {links} endpoint: {@code /datalink?ID=...}, GET or POST (form), several IDs per request. Problems
 * with one ID are rows of the 200 response; problems with the request as a whole are DALI error documents. Every
 * request is audited (issue 6, action {@code links}: the IDs asked for, the link rows answered, among them the
 * presigned progenitor URLs handed out), whatever its end.
 */
@Path("/datalink")
public class DataLinkResource {

    private static final String ACTION = "links";

    private final LinkService links;
    private final DataLinkConfig config;
    private final AuditLog audit;
    private final CurrentCaller caller;

    public DataLinkResource(LinkService links, DataLinkConfig config, AuditLog audit, CurrentCaller caller) {
        this.links = links;
        this.config = config;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return audited(DataLinkParameters.of(uri.getQueryParameters()), headers);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        return audited(DataLinkParameters.of(form == null ? new MultivaluedHashMap<>() : form, uri.getQueryParameters()),
                headers);
    }

    /** One audit event per request: rows = link rows answered (error rows included), or the refusal. */
    private Response audited(DataLinkParameters parameters, HttpHeaders headers) {
        Instant start = Instant.now();
        String user = caller.get().name();
        String client = parameters.clientId() != null ? parameters.clientId() : headers.getHeaderString(HttpHeaders.USER_AGENT);
        String object = String.join(" ", parameters.ids());
        String requestId = headers.getHeaderString("X-Request-Id");
        List<Link> answered = new ArrayList<>();
        try {
            Answer answer = links(parameters, answered);
            int status = answer.response().getStatus();
            audit.record(audit.event(start, ACTION, user, client, object, answer.error() == null ? (long) answered.size() : null,
                    null, status, answer.error(), requestId));
            return answer.response();
        } catch (RuntimeException e) {
            audit.record(audit.event(start, ACTION, user, client, object, null, null, AuditLog.statusOf(e),
                    e.getMessage() == null ? e.toString() : e.getMessage(), requestId));
            throw e;
        }
    }

    /** The response, and the message of a request refused as a whole. */
    private record Answer(Response response, String error) {
    }

    private Answer links(DataLinkParameters parameters, List<Link> rows) {
        Optional<String> contentType = ResponseFormat.contentType(parameters.responseFormat());
        if (contentType.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, Fault.USAGE.message("RESPONSEFORMAT '" + parameters.responseFormat()
                    + "' is not offered; use one of " + ResponseFormat.SUPPORTED + " or leave it out"));
        }
        if (parameters.ids().isEmpty()) {
            return error(Response.Status.BAD_REQUEST, Fault.USAGE.message("no ID given: ask for "
                    + config.datalinkBaseUrl() + "?ID=<identifier>, e.g. the access_url of a catalogue row or an "
                    + "ObsCore obs_publisher_did; ID may be repeated"));
        }
        if (parameters.ids().size() > config.maxIds()) {
            return error(Response.Status.BAD_REQUEST, Fault.USAGE.message(parameters.ids().size() + " IDs in one request; "
                    + "at most " + config.maxIds() + " are answered at once: split the request"));
        }
        Optional<UUID> client = Selections.uuid(parameters.clientId());
        if (parameters.clientId() != null && client.isEmpty()) {
            return error(Response.Status.BAD_REQUEST, Fault.USAGE.message("clientId=" + parameters.clientId()
                    + " is not a UUID; use the clientId of the access_url as it is, or leave it out"));
        }
        ServerTiming timing = new ServerTiming();
        try {
            for (String id : parameters.ids()) {
                rows.addAll(links.links(id, client));
            }
        } catch (CatalogueUnavailableException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, Fault.TRANSIENT.message(e.getMessage()));
        }
        // the portal's "storage lookup" step: catalogue rows, selections and presigned URLs of every ID
        timing.step("links", rows.size() + " links of " + parameters.ids().size() + " IDs");
        StreamingOutput body = out -> LinksWriter.write(rows,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        return new Answer(Response.ok(body, contentType.get()).header(ServerTiming.HEADER, timing.toString()).build(), null);
    }

    private static Answer error(Response.Status status, String message) {
        return new Answer(Response.status(status).type(MediaTypes.VOTABLE).entity(LinksWriter.errorDocument(message)).build(),
                message);
    }
}
