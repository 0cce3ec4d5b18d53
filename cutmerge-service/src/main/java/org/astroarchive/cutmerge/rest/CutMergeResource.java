package org.astroarchive.cutmerge.rest;

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
import java.util.ArrayList;
import java.util.List;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.contracts.ServerTiming;
import org.astroarchive.cutmerge.audit.DownloadAudit;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.CutMergeResult;
import org.astroarchive.cutmerge.cutmerge.CutMergeService;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.CatalogueUnavailableException;
import org.astroarchive.cutmerge.security.CollectionGuard;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.jboss.logging.Logger;

/**
 * Cut &amp; Merge: {@code /cutmerge?ID=<row id>[&ID=...]}, GET or POST (form), the {@code #this} link of catalogue
 * rows in their DataLink documents. Answers one HDF5 file; errors as plain text starting with the DALI fault name,
 * as SODA 1.0 §5 answers them.
 */
@Path("/cutmerge")
public class CutMergeResource {

    private static final Logger LOG = Logger.getLogger(CutMergeResource.class);

    private final CutMergeService service;
    private final CollectionGuard guard;
    private final DownloadAudit audit;

    public CutMergeResource(CutMergeService service, CollectionGuard guard, DownloadAudit audit) {
        this.service = service;
        this.guard = guard;
        this.audit = audit;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return audited(ids(uri.getQueryParameters()), clientId(uri.getQueryParameters()), headers);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        MultivaluedMap<String, String> fields = form == null ? new MultivaluedHashMap<>() : form;
        List<String> ids = ids(uri.getQueryParameters());
        ids.addAll(ids(fields));
        String clientId = clientId(uri.getQueryParameters());
        return audited(ids, clientId != null ? clientId : clientId(fields), headers);
    }

    /** Issue 6: every request ends in an audit event, after the file's last byte or with its fault or refusal. */
    private Response audited(List<String> ids, String clientId, HttpHeaders headers) {
        DownloadAudit.Download download = audit.start(ids, clientId, headers);
        return download.around(() -> merge(ids, download));
    }

    /** The portal's clientId (DataLink selections), naming the client in the audit event. */
    static String clientId(MultivaluedMap<String, String> parameters) {
        for (var entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase("clientId") && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** DALI 1.1 §3: parameter names are case-insensitive; DataLink 1.1 §3.2: ID may be repeated. */
    static List<String> ids(MultivaluedMap<String, String> parameters) {
        List<String> ids = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (name.equalsIgnoreCase("ID")) {
                ids.addAll(values);
            }
        });
        return ids;
    }

    private Response merge(List<String> ids, DownloadAudit.Download download) {
        CutMergeResult result;
        ServerTiming timing = new ServerTiming();
        try {
            guard.check(ids);
        } catch (AccessRulesUnavailableException e) {
            return fault(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; retry shortly");
        }
        try {
            result = service.merge(ids, timing);
        } catch (CutMergeException e) {
            if (e.fault().status() >= 500) {
                LOG.errorf(e, "cut & merge failed: %s", e.text());
            }
            return fault(e.fault().status(), e.text());
        } catch (CatalogueUnavailableException e) {
            return fault(503, Fault.TRANSIENT.label() + ": " + e.getMessage());
        } catch (RuntimeException e) { // a fault of this service, never of the request: say so in the same form
            LOG.errorf(e, "cut & merge of %d IDs failed", ids.size());
            return fault(500, Fault.FATAL.label() + ": the service failed (" + e + "); please report this to the "
                    + "archive operators");
        }
        StreamingOutput body = out -> {
            try (result) {
                result.body().transferTo(out);
            }
        };
        return Response.ok(download.streamed(body), MediaTypes.HDF5)
                .header("Content-Disposition", "attachment; filename=" + result.fileName())
                .header("Content-Length", result.size())
                .header("X-Cutmerge-Cache", result.fromCache() ? "hit" : "miss")
                .header("X-Cutmerge-Progenitor", result.progenitors())
                .header(ServerTiming.HEADER, timing.toString())
                .build();
    }

    private static Response fault(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(text + "\n")
                .build();
    }
}
