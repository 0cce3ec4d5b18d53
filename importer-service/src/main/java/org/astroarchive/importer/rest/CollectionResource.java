package org.astroarchive.importer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.astroarchive.importer.repository.CollectionRepository;
import org.jboss.logging.Logger;
import org.astroarchive.importer.repository.CollectionRepository.StoredVersion;
import org.astroarchive.importer.security.OperatorGuard;
import org.astroarchive.importer.service.CollectionCatalog;
import org.astroarchive.importer.service.InvalidDescriptionException;

/**
 * The data description models: {@code GET /api/collections} (the versions in force), {@code GET
 * /api/collections/{name}} (the latest description), {@code GET .../versions} and {@code .../versions/{n}}, and
 * {@code PUT /api/collections/{name}} to store a new version (checked first; an unchanged description adds none;
 * archive operators only).
 */
@Path("/api/collections")
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {

    private static final Logger LOG = Logger.getLogger(CollectionResource.class);

    /** A version without its definition, for lists. */
    public record VersionInfo(String collection, int version, String origin, String sha256, java.time.Instant createdAt,
                              String description, String format) {
    }

    private final CollectionCatalog catalog;
    private final ObjectMapper json;
    private final OperatorGuard guard;

    public CollectionResource(CollectionCatalog catalog, ObjectMapper json, OperatorGuard guard) {
        this.catalog = catalog;
        this.json = json;
        this.guard = guard;
    }

    @GET
    public List<VersionInfo> inForce() {
        return catalog.latest().values().stream()
                .map(v -> info(v.stored(), v.description().description(), v.description().format())).toList();
    }

    @GET
    @Path("{name}")
    public Response latest(@PathParam("name") String name) throws IOException {
        CollectionCatalog.Versioned versioned = catalog.latest().get(name);
        if (versioned == null) {
            return unknown(name);
        }
        return Response.ok(json.readTree(versioned.stored().definition()))
                .header("X-Collection-Version", versioned.stored().version()).build();
    }

    @GET
    @Path("{name}/versions")
    public Response versions(@PathParam("name") String name) throws SQLException, IOException {
        List<StoredVersion> versions = catalog.versions(name);
        if (versions.isEmpty()) {
            return unknown(name);
        }
        List<VersionInfo> infos = new java.util.ArrayList<>();
        for (StoredVersion v : versions) {
            JsonNode definition = json.readTree(v.definition());
            infos.add(info(v, definition.path("description").asText(null), definition.path("format").asText(null)));
        }
        return Response.ok(infos).build();
    }

    @GET
    @Path("{name}/versions/{version}")
    public Response version(@PathParam("name") String name, @PathParam("version") int version) throws SQLException, IOException {
        return catalog.version(name, version)
                .map(v -> {
                    try {
                        return Response.ok(json.readTree(v.definition())).header("X-Collection-Version", v.version()).build();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .orElseGet(() -> Problem.of(404, "Unknown version", "collection '" + name + "' has no version " + version,
                        "GET /api/collections/" + name + "/versions lists them").toResponse());
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("name") String name, String body) throws SQLException {
        String operator = guard.requireOperator("changing collection descriptions").name();
        try {
            CollectionRepository.Added added = catalog.update(name, body);
            StoredVersion stored = added.stored();
            if (added.created()) {
                LOG.infof("collection %s: version %d stored by %s", name, stored.version(), operator);
            }
            return Response.status(added.created() ? 201 : 200)
                    .entity(Map.of("collection", stored.collection(), "version", stored.version(), "created", added.created()))
                    .build();
        } catch (InvalidDescriptionException e) {
            return Problem.of(400, "Invalid collection description", e.getMessage(),
                    "fix the description; the version in force is unchanged").toResponse();
        }
    }

    private static VersionInfo info(StoredVersion v, String description, String format) {
        return new VersionInfo(v.collection(), v.version(), v.origin(), v.sha256(), v.createdAt(), description, format);
    }

    private Response unknown(String name) {
        return Problem.of(404, "Unknown collection", "no description for collection '" + name + "'; known: "
                + String.join(", ", catalog.names()), "PUT /api/collections/" + name + " creates one").toResponse();
    }
}
