package org.astroarchive.datalink.rest;

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
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.datalink.config.DataLinkConfig;
import org.astroarchive.datalink.datalink.Fault;
import org.astroarchive.datalink.datalink.Link;
import org.astroarchive.datalink.datalink.LinkService;
import org.astroarchive.datalink.repository.CatalogueUnavailableException;
import org.astroarchive.datalink.votable.LinksWriter;

/**
 * DataLink 1.1 {links} endpoint: {@code /datalink?ID=...}, GET or POST (form), several IDs per request. Problems
 * with one ID are rows of the 200 response; problems with the request as a whole are DALI error documents.
 */
@Path("/datalink")
public class DataLinkResource {

    private final LinkService links;
    private final DataLinkConfig config;

    public DataLinkResource(LinkService links, DataLinkConfig config) {
        this.links = links;
        this.config = config;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        return links(DataLinkParameters.of(uri.getQueryParameters()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return links(DataLinkParameters.of(form == null ? new MultivaluedHashMap<>() : form, uri.getQueryParameters()));
    }

    private Response links(DataLinkParameters parameters) {
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
        List<Link> rows = new ArrayList<>();
        try {
            for (String id : parameters.ids()) {
                rows.addAll(links.links(id, client));
            }
        } catch (CatalogueUnavailableException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, Fault.TRANSIENT.message(e.getMessage()));
        }
        StreamingOutput body = out -> LinksWriter.write(rows,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        return Response.ok(body, contentType.get()).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaTypes.VOTABLE).entity(LinksWriter.errorDocument(message)).build();
    }
}
