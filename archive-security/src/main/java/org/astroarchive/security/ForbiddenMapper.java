package org.astroarchive.security;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal says why (issue 6: clear errors): the message of the {@link ForbiddenException} a service throws, e.g.
 * "collection gaia is private to the members of group gaia, and bob is not one", instead of an empty 403.
 */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException e) {
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? "access denied" : e.getMessage();
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("Forbidden: " + reason + "\n").build();
    }
}
