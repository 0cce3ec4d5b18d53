package org.astroarchive.tap.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.tap.adql.AdqlException;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.service.TapRequest;
import org.astroarchive.tap.votable.QueryRunner;
import org.astroarchive.tap.votable.VotableWriter;
import org.astroarchive.tap.upload.UploadException;
import org.astroarchive.tap.upload.UploadedTable;
import org.astroarchive.tap.upload.Uploads;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import java.util.List;
import java.util.Map;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.tap.security.CallerRights;

/** TAP 1.1 §2.3 synchronous queries: {@code /tap/sync}, GET or POST, LANG=ADQL. */
@Path("/tap")
public class TapResource {

    private final AdqlTranslator translator;
    private final QueryRunner runner;
    private final CallerRights rights;
    private final TapConfig config;

    public TapResource(AdqlTranslator translator, QueryRunner runner, CallerRights rights, TapConfig config) {
        this.translator = translator;
        this.runner = runner;
        this.rights = rights;
        this.config = config;
    }

    @GET
    @Path("sync")
    public Response syncGet(@Context UriInfo uri) {
        return sync(TapParameters.of(uri.getQueryParameters()));
    }

    @POST
    @Path("sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response syncPost(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return sync(TapParameters.of(form == null ? new MultivaluedHashMap<>() : form, uri.getQueryParameters()));
    }

    /** TAP 1.1 §2.5.1: a query with inline uploads, as multipart/form-data (what pyvo and TOPCAT send). */
    @POST
    @Path("sync")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response syncMultipart(MultipartFormDataInput input, @Context UriInfo uri) {
        MultipartRequest request = MultipartRequest.of(input);
        return sync(TapParameters.of(request.fields(), uri.getQueryParameters()), request.files());
    }

    private Response sync(TapParameters parameters) {
        return sync(parameters, Map.of());
    }

    private Response sync(TapParameters parameters, Map<String, java.nio.file.Path> files) {
        try {
            TapRequest request = TapRequest.parse(parameters.asMap(), config);
            List<UploadedTable> uploads = Uploads.read(parameters.get("UPLOAD"), files, config);
            AdqlTranslator.Translation translation = translator.translate(request.query(), request.maxrec(), uploads,
                    rights.of(rights.caller()));
            return Response.ok(runner.run(translation, request.maxrec(), request.format(), uploads, request.clientId()),
                    request.format().mimeType()).build();
        } catch (UploadException e) {
            return error(Response.Status.BAD_REQUEST, e.describe());
        } catch (AdqlException e) {
            return error(Response.Status.BAD_REQUEST, e.describe());
        } catch (QueryRunner.QueryFailedException e) {
            return error(e.clientMistake() ? Response.Status.BAD_REQUEST : Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (AccessRulesUnavailableException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the access rules of the collections cannot be read ("
                    + e.getMessage() + "); retry shortly");
        }
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaTypes.VOTABLE).entity(VotableWriter.errorDocument(message)).build();
    }
}
