package org.astroarchive.importer.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.astroarchive.importer.service.IngestProgress;

/** {@code GET /api/status}: the importer's state (ON / RUNNING / FAULT) and what it has done since it started. */
@Path("/api/status")
public class StatusResource {

    private final IngestProgress progress;

    public StatusResource(IngestProgress progress) {
        this.progress = progress;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public IngestProgress.Status status() {
        return progress.status();
    }
}
