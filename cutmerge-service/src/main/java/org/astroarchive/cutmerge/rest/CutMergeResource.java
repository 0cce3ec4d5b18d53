package org.astroarchive.cutmerge.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.astroarchive.contracts.MediaTypes;
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

    public CutMergeResource(CutMergeService service, CollectionGuard guard) {
        this.service = service;
        this.guard = guard;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        return merge(ids(uri.getQueryParameters()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        List<String> ids = ids(uri.getQueryParameters());
        ids.addAll(ids(form == null ? new MultivaluedHashMap<>() : form));
        return merge(ids);
    }

    /** DALI 1.1 §3: parameter names are case-insensitive; DataLink 1.1 §3.2: ID may be repeated. */
    private static List<String> ids(MultivaluedMap<String, String> parameters) {
        List<String> ids = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (name.equalsIgnoreCase("ID")) {
                ids.addAll(values);
            }
        });
        return ids;
    }

    private Response merge(List<String> ids) {
        CutMergeResult result;
        try {
            guard.check(ids);
        } catch (AccessRulesUnavailableException e) {
            return fault(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; retry shortly");
        }
        try {
            result = service.merge(ids);
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
        return Response.ok(body, MediaTypes.HDF5)
                .header("Content-Disposition", "attachment; filename=" + result.fileName())
                .header("Content-Length", result.size())
                .header("X-Cutmerge-Cache", result.fromCache() ? "hit" : "miss")
                .build();
    }

    private static Response fault(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(text + "\n")
                .build();
    }
}
