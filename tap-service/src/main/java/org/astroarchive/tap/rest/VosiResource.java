package org.astroarchive.tap.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.tap.schema.PublishedTable;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.astroarchive.tap.schema.TapSchema;
import org.astroarchive.tap.security.CallerRights;

/** VOSI 1.1: availability, capabilities (with TAPRegExt 1.0) and tables of the TAP service. */
@Path("/tap")
@Produces("text/xml")
public class VosiResource {

    private final DataSource dataSource;
    private final TapSchema schema;
    private final CallerRights rights;
    private final TapConfig config;
    private final String realm;

    public VosiResource(DataSource dataSource, TapSchema schema, CallerRights rights, TapConfig config,
                        @ConfigProperty(name = "archive.security.realm-name", defaultValue = "archive") String realm) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.rights = rights;
        this.config = config;
        this.realm = realm;
    }

    /** VOSI 1.1 §3.3: available when the database answers. */
    @GET
    @Path("availability")
    public String availability() {
        String note;
        boolean available;
        try (Connection connection = dataSource.getConnection()) {
            available = connection.isValid(2);
            note = available ? "service is accepting queries" : "the database does not answer";
        } catch (SQLException e) {
            available = false;
            note = "the database is unreachable: " + e.getMessage();
        }
        return VosiDocuments.availability(available, note);
    }

    @GET
    @Path("capabilities")
    public Response capabilities(@Context UriInfo uri) {
        Response.ResponseBuilder response = Response.ok(VosiDocuments.capabilities(tapBase(uri), config));
        if (!rights.caller().authenticated()) {
            // RFC 7235 §4.1 allows challenges on any response: clients (TOPCAT) learn that logging in is possible
            // and how, while anonymous use goes on (the IVOA SSO convention for optional authentication)
            response.header("WWW-Authenticate", "Basic realm=\"" + realm + "\"")
                    .header("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        }
        return response.build();
    }

    /** VOSI 1.1 §3.4: the tableset; {@code detail=min} leaves out the columns. */
    @GET
    @Path("tables")
    public String tables(@QueryParam("detail") String detail) {
        AdqlTranslator.Rights caller = rights.of(rights.caller());
        return VosiDocuments.tableset(schema.tables().values().stream().filter(t -> rights.maySee(caller, t)).toList(),
                !"min".equalsIgnoreCase(detail));
    }

    /** VOSI 1.1 §3.4: one table's description, or 404 when it is not published. */
    @GET
    @Path("tables/{name}")
    public Response table(@PathParam("name") String name) {
        AdqlTranslator.Rights caller = rights.of(rights.caller());
        return schema.table(name).filter(t -> rights.maySee(caller, t))
                .map(table -> Response.ok(VosiDocuments.table(table, true)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type("text/plain")
                        .entity("table '" + name + "' is not published; see /tap/tables for the published tables\n").build());
    }

    private static String tapBase(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/tap";
    }
}
