package org.astroarchive.cutmerge.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.astroarchive.cutmerge.audit.DownloadAudit;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.preview.PreviewService;
import org.astroarchive.cutmerge.repository.CatalogueUnavailableException;
import org.astroarchive.cutmerge.soda.SodaRequest;

/**
 * {@code /preview?ID=<obs_publisher_did>[&SIZE=<pixels>]}: a quick-look PNG of an image, the target of the
 * DataLink 1.1 §3.2 {@code #preview} links. The same IDs, collection guard, audit events and plain-text faults as
 * {@code /soda}.
 */
@Path("/preview")
public class PreviewResource {

    /** The size the DataLink {@code #preview} links promise ("up to 512 px"). */
    static final int DEFAULT_SIZE = 512;

    private final PreviewService service;
    private final GuardedDownloads downloads;
    private final CutMergeConfig config;

    public PreviewResource(PreviewService service, GuardedDownloads downloads, CutMergeConfig config) {
        this.service = service;
        this.downloads = downloads;
        this.config = config;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return downloads.serve(DaliParameters.of(uri.getQueryParameters(), null), headers, this::preview);
    }

    private Response preview(Map<String, List<String>> parameters, DownloadAudit.Download download) {
        String id;
        PreviewService.Result result;
        try {
            id = SodaRequest.single(parameters, "ID");
            if (id == null) {
                throw Fault.USAGE.exception("ID is missing: give the obs_publisher_did of an image, e.g. "
                        + "ID=ivo://<authority>/<collection>?<scope>:<name>");
            }
            result = service.preview(id, size(SodaRequest.single(parameters, "SIZE")));
        } catch (CutMergeException e) {
            return Faults.answer(e, "preview");
        } catch (CatalogueUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return Faults.unexpected(e, "preview");
        }
        byte[] png = result.png();
        return Response.ok(download.streamed(out -> out.write(png)), PreviewService.MEDIA_TYPE)
                .header("Content-Disposition", "inline; filename=" + SodaResource.fileName(id, "_preview.png"))
                .header("Content-Length", png.length)
                .header("X-Preview-Cache", result.fromCache() ? "hit" : "miss")
                .build();
    }

    private int size(String value) {
        if (value == null) {
            return DEFAULT_SIZE;
        }
        int max = config.preview().maxSize();
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Fault.USAGE.exception("SIZE=" + value + " is not a whole number of pixels from 1 to " + max
                + " (the long side of the preview; default " + DEFAULT_SIZE + ")");
    }
}
