package org.astroarchive.datalink.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.datalink.config.DataLinkConfig;
import org.astroarchive.datalink.datalink.LinkService;
import org.astroarchive.datalink.datalink.PersistentId;
import org.astroarchive.datalink.selection.SelectionStore;

/**
 * {@code POST /datalink/selections}: a selection of several rows (the rows a user ticked in the portal), whose
 * DataLink document offers one Cut &amp; Merge of them all. IDs may be persistent IDs or the rows' {@code access_url}s
 * as a TAP result gave them (the clientId of those URLs, or the request's, finds their selections).
 */
@Path("/datalink/selections")
public class SelectionResource {

    private final LinkService links;
    private final SelectionStore store;
    private final DataLinkConfig config;

    public SelectionResource(LinkService links, SelectionStore store, DataLinkConfig config) {
        this.links = links;
        this.store = store;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        DataLinkParameters parameters = DataLinkParameters.of(form == null ? new MultivaluedHashMap<>() : form,
                uri.getQueryParameters());
        Optional<UUID> client = Selections.uuid(parameters.clientId());
        if (parameters.clientId() != null && client.isEmpty()) {
            return problem(400, "clientId=" + parameters.clientId() + " is not a UUID", List.of());
        }
        if (parameters.ids().isEmpty()) {
            return problem(400, "no ID given: send the rows as ID=<persistent ID or access_url>, repeated", List.of());
        }
        if (parameters.ids().size() > config.maxSelectionRows()) {
            return problem(400, parameters.ids().size() + " rows; a selection holds at most " + config.maxSelectionRows(), List.of());
        }
        Set<String> rows = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        try {
            for (String id : parameters.ids()) {
                LinkService.Resolution resolution = links.resolve(id, client);
                if (resolution.fault() != null) {
                    problems.add(id + ": " + resolution.fault().errorMessage());
                    continue;
                }
                for (String persistentId : resolution.persistentIds()) {
                    try {
                        PersistentId.parse(persistentId, config.authority());
                        rows.add(persistentId);
                    } catch (PersistentId.InvalidIdException e) {
                        problems.add(id + ": " + e.fault().message(e.getMessage()));
                    }
                }
            }
            if (!problems.isEmpty()) {
                return problem(400, problems.size() + " of the IDs cannot be selected; nothing was stored", problems);
            }
            UUID selection = store.create(List.copyOf(rows), config.selectionTtl());
            String url = config.datalinkBaseUrl() + "?ID=" + selection;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", selection.toString());
            body.put("rows", rows.size());
            body.put("links", url);
            body.put("expires", Instant.now().plus(config.selectionTtl()).toString());
            return Response.created(URI.create(url)).entity(body).build();
        } catch (SelectionStore.SelectionStoreUnavailableException e) {
            return problem(503, e.getMessage() + "; try again shortly", List.of());
        }
    }

    private static Response problem(int status, String message, List<String> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
