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
import org.astroarchive.cutmerge.security.CollectionGuard;
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.astroarchive.security.AccessRulesUnavailableException;

/**
 * Fermi LAT event selection, gtselect on the server: {@code /fermi/select?ID=...&RA=&DEC=&RADIUS=&EMIN=&EMAX=
 * &TMIN=&TMAX=&ZMAX=}, GET or POST (form), names case-insensitive (DALI 1.1). Answers an FT1 FITS file; errors as
 * plain text starting with the fault name, like the SODA endpoint.
 */
@Path("/fermi/select")
public class FermiSelectResource {

    private final FermiService service;
    private final CollectionGuard guard;
    private final DownloadAudit audit;

    public FermiSelectResource(FermiService service, CollectionGuard guard, DownloadAudit audit) {
        this.service = service;
        this.guard = guard;
        this.audit = audit;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return audited(DaliParameters.of(uri.getQueryParameters(), null), headers);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        return audited(DaliParameters.of(uri.getQueryParameters(), form), headers);
    }

    /** Issue 6: every request ends in an audit event, after the file's last byte or with its fault or refusal. */
    private Response audited(Map<String, List<String>> parameters, HttpHeaders headers) {
        List<String> clientId = parameters.getOrDefault("CLIENTID", List.of());
        DownloadAudit.Download download = audit.start(parameters.getOrDefault("ID", List.of()),
                clientId.isEmpty() ? null : clientId.get(0), headers);
        Response response;
        try {
            response = select(parameters, download);
        } catch (RuntimeException e) {
            throw download.refused(e);
        }
        return response.getEntity() instanceof StreamingOutput ? response : download.answered(response);
    }

    private Response select(Map<String, List<String>> parameters, DownloadAudit.Download download) {
        try {
            guard.check(parameters.getOrDefault("ID", List.of()));
        } catch (AccessRulesUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; retry shortly");
        }
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
                .header("Content-Disposition", "attachment; filename=" + SodaResource.fileName(selection.id())
                        .replace("_cutout.fits", "_selected.fits"))
                .header("Content-Length", result.bytes())
                .header("X-Fermi-Events", result.events())
                .build();
    }
}
