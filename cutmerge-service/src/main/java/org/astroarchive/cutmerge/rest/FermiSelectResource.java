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
import org.astroarchive.cutmerge.fermi.EventSelection;
import org.astroarchive.cutmerge.fermi.FermiService;
import org.astroarchive.cutmerge.fermi.Ft1Selector;
import org.astroarchive.cutmerge.repository.CatalogueUnavailableException;
import org.astroarchive.cutmerge.storage.ObjectStore;

/**
 * Fermi LAT event selection, gtselect on the server: {@code /fermi/select?ID=...&RA=&DEC=&RADIUS=&EMIN=&EMAX=
 * &TMIN=&TMAX=&ZMAX=}, GET or POST (form), names case-insensitive (DALI 1.1). Answers an FT1 FITS file; errors as
 * plain text starting with the fault name, like the SODA endpoint.
 */
@Path("/fermi/select")
public class FermiSelectResource {

    private final FermiService service;
    private final GuardedDownloads downloads;

    public FermiSelectResource(FermiService service, GuardedDownloads downloads) {
        this.service = service;
        this.downloads = downloads;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return downloads.serve(DaliParameters.of(uri.getQueryParameters(), null), headers, this::select);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        return downloads.serve(DaliParameters.of(uri.getQueryParameters(), form), headers, this::select);
    }

    private Response select(Map<String, List<String>> parameters, DownloadAudit.Download download) {
        EventSelection selection;
        Ft1Selector.Result result;
        try {
            selection = EventSelection.parse(parameters);
            result = service.select(selection);
        } catch (CutMergeException e) {
            return Faults.answer(e, "Fermi event selection");
        } catch (CatalogueUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return Faults.unexpected(e, "Fermi event selection");
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(result.file(), out);
            } finally {
                ObjectStore.deleteQuietly(result.file());
            }
        };
        return Response.ok(download.streamed(body), MediaTypes.FITS)
                .header("Content-Disposition", "attachment; filename="
                        + SodaResource.fileName(selection.id(), "_selected.fits"))
                .header("Content-Length", result.bytes())
                .header("X-Fermi-Events", result.events())
                .build();
    }
}
