package org.astroarchive.security;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Test-only endpoints that show what a service sees of its caller. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class CallerTestResource {

    private final CurrentCaller caller;
    private final CollectionAccess access;

    public CallerTestResource(CurrentCaller caller, CollectionAccess access) {
        this.caller = caller;
        this.access = access;
    }

    @GET
    @Path("caller")
    public Caller caller() {
        return caller.get();
    }

    @GET
    @Path("protected")
    @Authenticated
    public Caller authenticatedOnly() {
        return caller.get();
    }

    @GET
    @Path("can-read/{schema}")
    public Map<String, Object> canRead(@PathParam("schema") String schema) {
        Caller current = caller.get();
        return Map.of("schema", schema, "caller", current.name(), "canRead", access.canRead(schema, current));
    }
}
