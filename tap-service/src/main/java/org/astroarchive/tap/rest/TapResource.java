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
import java.util.Locale;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.tap.adql.AdqlException;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.votable.QueryRunner;
import org.astroarchive.tap.votable.VotableWriter;
import uk.ac.starlink.votable.DataFormat;

/** TAP 1.1 §2.3 synchronous queries: {@code /tap/sync}, GET or POST, LANG=ADQL. */
@Path("/tap")
public class TapResource {

    private final AdqlTranslator translator;
    private final QueryRunner runner;
    private final TapConfig config;

    public TapResource(AdqlTranslator translator, QueryRunner runner, TapConfig config) {
        this.translator = translator;
        this.runner = runner;
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

    private Response sync(TapParameters parameters) {
        try {
            String request = parameters.get("REQUEST");
            if (request != null && !request.equalsIgnoreCase("doQuery")) {
                throw new AdqlException("REQUEST=" + request + " is not supported", "use REQUEST=doQuery, or leave it out");
            }
            String lang = parameters.upper("LANG");
            if (lang == null) {
                throw new AdqlException("the LANG parameter is missing", "add LANG=ADQL (TAP 1.1 section 2.3.1)");
            }
            if (!lang.equals("ADQL") && !lang.startsWith("ADQL-2.")) {
                throw new AdqlException("query language " + lang + " is not supported", "use LANG=ADQL");
            }
            DataFormat format = format(parameters);
            long maxrec = maxrec(parameters.get("MAXREC"));
            AdqlTranslator.Translation translation = translator.translate(parameters.get("QUERY"), maxrec);
            return Response.ok(runner.run(translation, maxrec, format), MediaTypes.VOTABLE).build();
        } catch (AdqlException e) {
            return error(Response.Status.BAD_REQUEST, e.describe());
        } catch (QueryRunner.QueryFailedException e) {
            return error(e.clientMistake() ? Response.Status.BAD_REQUEST : Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    /** TAP 1.1 §2.7.1: RESPONSEFORMAT (FORMAT is its TAP 1.0 name); BINARY2 VOTable unless TABLEDATA is asked for. */
    private static DataFormat format(TapParameters parameters) throws AdqlException {
        String format = parameters.get("RESPONSEFORMAT") != null ? parameters.get("RESPONSEFORMAT") : parameters.get("FORMAT");
        if (format == null) {
            return DataFormat.BINARY2;
        }
        String normalized = format.toLowerCase(Locale.ROOT).replace(" ", "");
        return switch (normalized) {
            case "votable", "application/x-votable+xml", "text/xml", "application/x-votable+xml;serialization=binary2",
                 "votable/b2" -> DataFormat.BINARY2;
            case "votable/td", "application/x-votable+xml;serialization=tabledata" -> DataFormat.TABLEDATA;
            case "votable/b", "application/x-votable+xml;serialization=binary" -> DataFormat.BINARY;
            default -> throw new AdqlException("output format '" + format + "' is not supported",
                    "use votable (BINARY2), votable/td (TABLEDATA) or votable/b (BINARY)");
        };
    }

    private long maxrec(String value) throws AdqlException {
        if (value == null) {
            return config.maxrecDefault();
        }
        try {
            long maxrec = Long.parseLong(value);
            if (maxrec < 0) {
                throw new NumberFormatException();
            }
            return Math.min(maxrec, config.maxrecLimit());
        } catch (NumberFormatException e) {
            throw new AdqlException("MAXREC=" + value + " is not a non-negative integer", "give MAXREC as a whole number, e.g. MAXREC=1000");
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaTypes.VOTABLE).entity(VotableWriter.errorDocument(message)).build();
    }
}
