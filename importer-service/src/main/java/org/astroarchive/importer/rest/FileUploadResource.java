package org.astroarchive.importer.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.importer.service.IngestService;
import org.astroarchive.importer.service.RejectedFileException;
import org.astroarchive.importer.service.UnknownCollectionException;
import org.astroarchive.importer.storage.StorageException;

/** HTTP upload: {@code PUT /api/files/{collection}/{name}} with the raw file as body. PUT because re-sending is harmless. */
@Path("/api/files")
public class FileUploadResource {

    private final IngestService ingest;

    public FileUploadResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @PUT
    @Path("{collection}/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("collection") String collection, @PathParam("name") String name,
                           @QueryParam("scope") String scope, InputStream body) throws IOException {
        try {
            FileIngested stored = ingest.ingest(collection, scope, name, body);
            return Response.status(Response.Status.CREATED).entity(stored).build();
        } catch (UnknownCollectionException e) {
            return Problem.of(404, "Unknown collection", e.getMessage(),
                    "PUT the file under one of the known collections").toResponse();
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Invalid file name", e.getMessage(),
                    "name files with letters, digits, '.', '_', '+' or '-' only").toResponse();
        } catch (RejectedFileException e) {
            return Problem.of(422, "File rejected", e.getMessage(),
                    "the file was kept in quarantine as " + e.quarantinedAs() + "; fix it and PUT it again").toResponse();
        } catch (StorageException e) {
            return Problem.of(503, "Storage unavailable", e.getMessage(), "retry later; nothing was published").toResponse();
        }
    }
}
