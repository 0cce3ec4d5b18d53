package org.astroarchive.cutmerge.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.cutmerge.audit.DownloadAudit;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.CatalogueUnavailableException;
import org.astroarchive.cutmerge.soda.FitsCutter;
import org.astroarchive.cutmerge.soda.NoOverlapException;
import org.astroarchive.cutmerge.soda.SodaRequest;
import org.astroarchive.cutmerge.soda.SodaService;
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * SODA 1.0 {sync}: {@code /soda?ID=<obs_publisher_did>&POS=...|CIRCLE=...|POLYGON=...&BAND=...&TIME=...}, GET or
 * POST (form). Answers one FITS file; a request selecting no pixel is {@code 204 No Content} (SODA 1.0 §5.1); errors
 * are plain text starting with the fault name (SODA 1.0 §5.2, DALI 1.1).
 */
@Path("/soda")
public class SodaResource {

    private static final Logger LOG = Logger.getLogger(SodaResource.class);

    private final SodaService service;
    private final GuardedDownloads downloads;

    public SodaResource(SodaService service, GuardedDownloads downloads) {
        this.service = service;
        this.downloads = downloads;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return downloads.serve(DaliParameters.of(uri.getQueryParameters(), null), headers, this::cutout);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        return downloads.serve(DaliParameters.of(uri.getQueryParameters(), form), headers, this::cutout);
    }

    private Response cutout(Map<String, List<String>> parameters, DownloadAudit.Download download) {
        FitsCutter.Cutout cutout;
        SodaRequest request;
        try {
            request = SodaRequest.parse(parameters);
            cutout = service.cutout(request);
        } catch (NoOverlapException e) {
            LOG.infof("SODA: %s", e.getMessage());
            return Response.noContent().build();
        } catch (CutMergeException e) {
            return Faults.answer(e, "SODA cutout");
        } catch (CatalogueUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return Faults.unexpected(e, "SODA cutout");
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(cutout.file(), out);
            } finally {
                ObjectStore.deleteQuietly(cutout.file());
            }
        };
        return Response.ok(download.streamed(body), MediaTypes.FITS)
                .header("Content-Disposition", "attachment; filename=" + fileName(request.id(), "_cutout.fits"))
                .header("Content-Length", cutout.bytes())
                .build();
    }

    /** {@code <name><suffix>} from the DID's name without .fits(.gz), characters outside [A-Za-z0-9._+-] replaced. */
    static String fileName(String id, String suffix) {
        String name = id.substring(id.lastIndexOf(':') + 1).replaceAll("[^A-Za-z0-9._+-]", "_")
                .replaceFirst("(?i)\\.fits?(\\.gz)?$", "");
        return (name.isEmpty() ? "dataset" : name) + suffix;
    }
}
